package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Timeout;

/**
 * The client side of the handshake: the fuzz bytes are everything the server sends, version
 * line (and preamble) included, so the version exchange, packet framing, KEXINIT and every method's
 * reply decoding and host-key signature check are reached. The verifier accepts any host key.
 */
class TransportClientFuzzTest {
    @FuzzTest(maxDuration = "15s")
    @Timeout(10)
    void handshake(byte[] data) {
        Transport t = Transport.client(new ByteArrayInputStream(data), OutputStream.nullOutputStream(), () -> { },
                TransportConfig.defaults(), hostKey -> { });
        try {
            t.handshake();
            while (true) t.readPacket();
        } catch (IOException declared) {
            // Malformed input, a bad signature, or the stream ended: the declared outcome.
        }
    }
}

package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The client side of the handshake: the fuzz bytes are everything the server sends, version
 * line (and preamble) included, so the version exchange, packet framing, KEXINIT and every method's
 * reply decoding and host-key signature check are reached. The verifier accepts any host key.
 */
class TransportClientFuzzTest {
    /**
     * Cheap methods only, so the fuzzer spends its time on framing and parsing rather than on
     * 8192-bit DH and sntrup761 key generation; KexReplyFuzzTest covers every method's messages.
     */
    private static final TransportConfig CONFIG = TransportConfig.defaults()
            .withKex(List.of("curve25519-sha256", "ecdh-sha2-nistp256", "mlkem768x25519-sha256"));
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void handshake(byte[] data) {
        Transport t = Transport.client(new ByteArrayInputStream(data), OutputStream.nullOutputStream(), () -> { },
                CONFIG, hostKey -> { });
        try {
            t.handshake();
            while (true) t.readPacket();
        } catch (IOException declared) {
            // Malformed input, a bad signature, or the stream ended: the declared outcome.
        }
    }
}

package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Binary packet framing, KEXINIT negotiation and the server side of every key exchange: a server
 * transport handshakes against a client that sends a valid version line and then the fuzz bytes as
 * unencrypted packets.
 */
class TransportServerFuzzTest {
    private static final List<SshKeyPair> HOST_KEYS = List.of(KeyGen.generate("ssh-ed25519", 0));
    /**
     * Cheap methods only, so the fuzzer spends its time on framing and parsing rather than on
     * 8192-bit DH and sntrup761 key generation; KexReplyFuzzTest covers every method's messages.
     */
    private static final TransportConfig CONFIG = TransportConfig.defaults()
            .withKex(List.of("curve25519-sha256", "ecdh-sha2-nistp256", "mlkem768x25519-sha256"));
    private static final byte[] VERSION = "SSH-2.0-OpenSSH_9.9\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void handshake(byte[] data) {
        var in = new SequenceInputStream(new ByteArrayInputStream(VERSION), new ByteArrayInputStream(data));
        Transport t = Transport.server(in, OutputStream.nullOutputStream(), () -> { }, CONFIG, HOST_KEYS);
        try {
            t.handshake();
            while (true) t.readPacket();
        } catch (IOException declared) {
            // Malformed input, or the stream ended: the declared outcome.
        }
    }
}

package dev.seashell.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both benchmark paths must do real, verifying work: a wrong key schedule or tag would throw here. */
class PacketPathBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"aes128-gcm@openssh.com", "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com",
            "aes128-ctr+hmac-sha2-256-etm@openssh.com"})
    void packetCipherRestoresThePlaintextAndRawPrimitiveVerifies(String algorithm) throws Exception {
        PacketPathBenchmark b = new PacketPathBenchmark();
        b.algorithm = algorithm;
        b.setUp();
        byte[] before = b.bufferForTest().clone();
        for (int i = 0; i < 3; i++) b.packetCipher();
        // seal + open in place leaves the plain packet (the tag area after it is scratch)
        int len = b.lengthForTest();
        assertThat(Arrays.copyOf(b.bufferForTest(), len)).isEqualTo(Arrays.copyOf(before, len));
        for (int i = 0; i < 3; i++) b.rawPrimitive();
        assertThat(len).isGreaterThan(PacketPathBenchmark.PAYLOAD);
    }
}

package dev.seashell.transport.cipher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.transport.cipher.TestPackets.Keys;
import dev.seashell.transport.cipher.TestPackets.Suite;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers for AES-CTR with HMAC: the ciphertext of a run of packets must equal one fresh CTR
 * stream over their concatenation (the counter runs on across packets, RFC 4344 §4), and the MAC
 * must cover what RFC 4253 §6.4 (encrypt-and-MAC) or OpenSSH PROTOCOL §1.5 (-etm) says.
 */
class AesCtrCipherTest {
    static java.util.List<Suite> ctrSuites() {
        return TestPackets.suites().stream().filter(s -> !s.cipher().aead).toList();
    }

    @ParameterizedTest
    @MethodSource("ctrSuites")
    void streamAndMacMatchAnIndependentComputation(Suite s) throws Exception {
        Keys k = TestPackets.keys(s, 21);
        PacketCipher tx = TestPackets.create(s, k, true);
        Random r = new Random(22);
        boolean etm = s.mac().etm;
        int skip = etm ? 4 : 0; // ETM leaves the length out of the stream
        Mac mac = Mac.getInstance(s.mac().jcaName);
        mac.init(new SecretKeySpec(k.macKey(), s.mac().jcaName));

        ByteArrayOutputStream plainStream = new ByteArrayOutputStream();
        ByteArrayOutputStream sealedStream = new ByteArrayOutputStream();
        int seq = 0xFFFFFFFD;
        for (int i = 0; i < 12; i++, seq++) {
            byte[] plain = TestPackets.packet(tx, 0, TestPackets.bytes(r, 37 * i * i), r);
            int len = TestPackets.len(plain, 0);
            byte[] buf = plain.clone();
            tx.seal(seq, buf, 0, len);

            if (etm) assertThat(Arrays.copyOf(buf, 4)).as("length in clear").isEqualTo(Arrays.copyOf(plain, 4));
            plainStream.write(plain, skip, len - skip);
            sealedStream.write(buf, skip, len - skip);

            mac.update(new byte[] {(byte) (seq >>> 24), (byte) (seq >>> 16), (byte) (seq >>> 8), (byte) seq});
            mac.update(etm ? buf : plain, 0, len); // ETM: length || ciphertext; E&M: the plain packet
            assertThat(Arrays.copyOfRange(buf, len, len + tx.tagLength())).as("MAC of packet %d", i).isEqualTo(mac.doFinal());
        }

        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k.key(), "AES"), new IvParameterSpec(k.iv()));
        assertThat(sealedStream.toByteArray()).isEqualTo(ctr.doFinal(plainStream.toByteArray()));
    }
}

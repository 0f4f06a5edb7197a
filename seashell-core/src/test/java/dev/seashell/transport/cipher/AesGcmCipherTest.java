package dev.seashell.transport.cipher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Known answers for AES-GCM (RFC 5647 §7) against a fresh JDK cipher per packet with the explicit nonce. */
class AesGcmCipherTest {
    private static final byte[] FIXED = {(byte) 0xca, (byte) 0xfe, 0x12, 0x34};

    /** enc(packet) || tag with nonce fixed || counter and packet_length as AAD. */
    static byte[] reference(byte[] key, long counter, byte[] plain, int len) throws Exception {
        byte[] iv = ByteBuffer.allocate(12).put(FIXED).putLong(counter).array();
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(plain, 0, 4);
        byte[] ct = c.doFinal(plain, 4, len - 4);
        byte[] out = Arrays.copyOf(plain, len + 16);
        System.arraycopy(ct, 0, out, 4, ct.length);
        return out;
    }

    @ParameterizedTest(name = "{0} from counter {1}")
    @CsvSource({
        "AES128_GCM, 0000000000000000",
        "AES256_GCM, 0000000000000000",
        "AES128_GCM, 00000000fffffffe", // carries from the low into the high 32 bits
        "AES256_GCM, 00ffffffffffffff", // carries into the top byte of the counter
        "AES128_GCM, fffffffffffffffe", // wraps to 0 and must not touch the fixed field
    })
    void packetsFollowTheInvocationCounter(CipherAlgorithm alg, String counterHex) throws Exception {
        long counter0 = HexFormat.fromHexDigitsToLong(counterHex);
        Random r = new Random(counter0 ^ alg.keyLength);
        byte[] key = TestPackets.bytes(r, alg.keyLength);
        byte[] iv = ByteBuffer.allocate(12).put(FIXED).putLong(counter0).array();
        PacketCipher tx = PacketCiphers.create(alg, null, true, key, iv, null);
        PacketCipher rx = PacketCiphers.create(alg, null, false, key, iv, null);
        for (int i = 0; i < 3; i++) {
            byte[] plain = TestPackets.packet(tx, 0, TestPackets.bytes(r, 100 * i), r);
            int len = TestPackets.len(plain, 0);
            byte[] expected = reference(key, counter0 + i, plain, len);

            byte[] buf = plain.clone();
            tx.seal(1000 + i, buf, 0, len);
            assertThat(Arrays.copyOf(buf, len + 16)).as("packet %d", i).isEqualTo(expected);

            byte[] in = expected.clone();
            assertThat(rx.decryptLength(1000 + i, in, 0)).isEqualTo(len - 4);
            rx.open(1000 + i, in, 0, len);
            assertThat(Arrays.copyOf(in, len)).isEqualTo(Arrays.copyOf(plain, len));
        }
    }
}

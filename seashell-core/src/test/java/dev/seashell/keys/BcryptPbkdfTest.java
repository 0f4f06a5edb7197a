package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class BcryptPbkdfTest {
    @Test
    void initialStateIsThePublishedBlowfishConstants() {
        BcryptPbkdf.Blowfish bf = new BcryptPbkdf.Blowfish();
        // Schneier's tables: P[0], P[17], S0[0], S3[255].
        assertThat(bf.p[0]).isEqualTo(0x243F6A88);
        assertThat(bf.p[17]).isEqualTo(0x8979FB1B);
        assertThat(bf.s[0]).isEqualTo(0xD1310BA6);
        assertThat(bf.s[1023]).isEqualTo(0x3AC372E6);
    }

    /** The shipped table is pi, as Machin's formula computes it (independently of the file). */
    @Test
    void shippedTableIsTheDigitsOfPi() {
        BcryptPbkdf.Blowfish bf = new BcryptPbkdf.Blowfish();
        int[] computed = BcryptPbkdf.piWords(18 + 4 * 256);
        int[] shipped = new int[18 + 1024];
        System.arraycopy(bf.p, 0, shipped, 0, 18);
        System.arraycopy(bf.s, 0, shipped, 18, 1024);
        assertThat(shipped).isEqualTo(computed);
    }

    @Test
    void expand0OnFreshStateIsTheBlowfishKeyScheduleOfBouncyCastle() {
        for (String k : new String[] {"key!", "a much longer Blowfish key of 40 bytes!", "56 bytes: the longest key that Blowfish will accept!!!!"}) {
            byte[] key = k.getBytes(StandardCharsets.US_ASCII);
            BcryptPbkdf.Blowfish ours = new BcryptPbkdf.Blowfish();
            ours.expand0(key);
            BlowfishEngine bc = new BlowfishEngine();
            bc.init(true, new KeyParameter(key));
            byte[] plain = "8 bytes!".getBytes(StandardCharsets.US_ASCII);
            byte[] expected = new byte[8];
            bc.processBlock(plain, 0, expected, 0);
            int[] block = {word(plain, 0), word(plain, 4)};
            ours.encipher(block, 0);
            assertThat(new int[] {word(expected, 0), word(expected, 4)}).isEqualTo(block);
        }
    }

    @Test
    void derivationDependsOnEveryInputAndSpreadsOutput() {
        byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII);
        byte[] a = BcryptPbkdf.derive("pass".getBytes(StandardCharsets.US_ASCII), salt, 2, 48);
        assertThat(a).hasSize(48);
        assertThat(BcryptPbkdf.derive("pass".getBytes(StandardCharsets.US_ASCII), salt, 2, 48)).isEqualTo(a);
        assertThat(BcryptPbkdf.derive("pasS".getBytes(StandardCharsets.US_ASCII), salt, 2, 48)).isNotEqualTo(a);
        assertThat(BcryptPbkdf.derive("pass".getBytes(StandardCharsets.US_ASCII), salt, 3, 48)).isNotEqualTo(a);
        // Output byte i of block 1 lands at i * stride: a 32-byte key is block 1's bytes in order.
        byte[] short32 = BcryptPbkdf.derive("pass".getBytes(StandardCharsets.US_ASCII), salt, 2, 32);
        for (int i = 0; i < 24; i++) assertThat(a[2 * i]).isEqualTo(short32[i]);
    }

    @Test
    void rejectsDegenerateArguments() {
        assertThatThrownBy(() -> BcryptPbkdf.derive(new byte[0], new byte[16], 16, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BcryptPbkdf.derive(new byte[1], new byte[16], 0, 32)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BcryptPbkdf.derive(new byte[1], new byte[16], 1, 1025)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int word(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}

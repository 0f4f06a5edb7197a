package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known answers for RFC 4253 §7.2 key derivation. The expected values were computed once with
 * Python's hashlib (an independent implementation of the same formula) and pinned here.
 */
class KeyDerivationTest {
    static final HexFormat HEX = HexFormat.of();

    static byte[] sha256(String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] k() {
        byte[] k = new byte[36];
        k[3] = 32;
        for (int i = 0; i < 32; i++) k[4 + i] = (byte) (i + 1);
        return k;
    }

    @Test
    void extendsKeysLongerThanOneHash() throws Exception {
        byte[] key = KeyDerivation.derive("SHA-256", k(), sha256("exchange hash"), 'C', sha256("session id"), 64);
        assertThat(HEX.formatHex(key)).isEqualTo("5e76015d3b406b87d8edec4154a3f289ae16436c3c77f7cf5a6af842e0de499c"
                + "c0517d92b55f2717a981737e189538c81a37e3eeaba9e7d47a889b1fae4bce43");
    }

    @Test
    void truncatesToTheIvLength() throws Exception {
        byte[] iv = KeyDerivation.derive("SHA-256", k(), sha256("exchange hash"), 'A', sha256("session id"), 12);
        assertThat(HEX.formatHex(iv)).isEqualTo("e057947c8d5d8f85b377a80a");
    }

    @Test
    void usesTheKexHash() throws Exception {
        byte[] mac = KeyDerivation.derive("SHA-512", k(), sha256("exchange hash"), 'E', sha256("session id"), 64);
        assertThat(HEX.formatHex(mac)).isEqualTo("74eb4ddb2a68af8ad5611a3784d14b509739d253e456618fdff6c3616b80ba72"
                + "cd855e7ee68ab3d9decd4b4696e6e2a022f3b095b99fab846ef01e2ed62c2f45");
    }
}

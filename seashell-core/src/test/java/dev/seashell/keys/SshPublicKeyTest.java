package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SshPublicKeyTest {
    /** RFC 8032 §7.1 test 1. */
    static final byte[] RFC8032_PUBLIC = HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    @Test
    void ed25519BlobIsTypeAndRawKey() throws Exception {
        byte[] blob = new SshWriter().writeString("ssh-ed25519").writeBytes(RFC8032_PUBLIC).toByteArray();
        SshPublicKey key = SshPublicKey.decode(blob);
        assertThat(key).isInstanceOf(Ed25519PublicKey.class);
        assertThat(key.keyType()).isEqualTo("ssh-ed25519");
        assertThat(key.blob()).isEqualTo(blob);
        assertThat(key.bits()).isEqualTo(256);
        assertThat(key.displayType()).isEqualTo("ED25519");
        // The JCA key carries the same point: its X.509 encoding ends with the raw key.
        byte[] enc = key.jcaKey().getEncoded();
        assertThat(Arrays.copyOfRange(enc, enc.length - 32, enc.length)).isEqualTo(RFC8032_PUBLIC);
        assertThat(SshPublicKey.fromJca(key.jcaKey())).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void ecdsaRoundTripsThroughJca(String curveName) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curveName));
        ECPublicKey jca = (ECPublicKey) g.generateKeyPair().getPublic();
        SshPublicKey key = SshPublicKey.fromJca(jca);
        EcCurve curve = ((EcdsaPublicKey) key).curve();
        assertThat(curve.stdName).isEqualTo(curveName);
        byte[] blob = key.blob();
        assertThat(SshPublicKey.decode(blob)).isEqualTo(key);
        assertThat(key.keyType()).isEqualTo("ecdsa-sha2-" + curve.sshName);
        assertThat(key.bits()).isEqualTo(curve.bits);
        assertThat(((ECPublicKey) SshPublicKey.decode(blob).jcaKey()).getW()).isEqualTo(jca.getW());
    }

    @Test
    void ecdsaPointOffTheCurveIsRejected() throws Exception {
        EcdsaPublicKey key = (EcdsaPublicKey) KeyGen.generate("ecdsa", 256).publicKey();
        byte[] q = key.q();
        q[q.length - 1] ^= 1; // y changed: no longer on the curve
        byte[] blob = new SshWriter().writeString("ecdsa-sha2-nistp256").writeString("nistp256").writeBytes(q).toByteArray();
        assertThatThrownBy(() -> SshPublicKey.decode(blob)).isInstanceOf(SshFormatException.class).hasMessageContaining("not on");
        byte[] compressed = Arrays.copyOf(key.q(), 33);
        compressed[0] = 2;
        byte[] blob2 = new SshWriter().writeString("ecdsa-sha2-nistp256").writeString("nistp256").writeBytes(compressed).toByteArray();
        assertThatThrownBy(() -> SshPublicKey.decode(blob2)).isInstanceOf(SshFormatException.class);
    }

    @Test
    void ecdsaCurveNameMustMatchType() {
        byte[] q = ((EcdsaPublicKey) KeyGen.generate("ecdsa", 256).publicKey()).q();
        byte[] blob = new SshWriter().writeString("ecdsa-sha2-nistp256").writeString("nistp384").writeBytes(q).toByteArray();
        assertThatThrownBy(() -> SshPublicKey.decode(blob)).isInstanceOf(SshFormatException.class);
    }

    @Test
    void rsaSizeBounds() throws Exception {
        BigInteger e = BigInteger.valueOf(65537);
        BigInteger small = BigInteger.ONE.shiftLeft(1022).setBit(0); // 1023 bits
        BigInteger huge = BigInteger.ONE.shiftLeft(16384).setBit(0); // 16385 bits
        for (BigInteger n : new BigInteger[] {small, huge}) {
            byte[] blob = new SshWriter().writeString("ssh-rsa").writeMpint(e).writeMpint(n).toByteArray();
            assertThatThrownBy(() -> SshPublicKey.decode(blob)).isInstanceOf(SshFormatException.class).hasMessageContaining("bits");
        }
        BigInteger ok = BigInteger.ONE.shiftLeft(1023).setBit(0);
        byte[] blob = new SshWriter().writeString("ssh-rsa").writeMpint(e).writeMpint(ok).toByteArray();
        assertThat(SshPublicKey.decode(blob).bits()).isEqualTo(1024);
    }

    @Test
    void rsaRejectsEvenOrNegativeValues() {
        BigInteger n = BigInteger.ONE.shiftLeft(2047).setBit(0);
        for (BigInteger[] en : new BigInteger[][] {{BigInteger.valueOf(65536), n}, {BigInteger.valueOf(-3), n}, {BigInteger.valueOf(3), n.negate()}}) {
            byte[] blob = new SshWriter().writeString("ssh-rsa").writeMpint(en[0]).writeMpint(en[1]).toByteArray();
            assertThatThrownBy(() -> SshPublicKey.decode(blob)).isInstanceOf(SshFormatException.class);
        }
    }

    @Test
    void malformedBlobsAreFormatErrors() {
        byte[] good = new SshWriter().writeString("ssh-ed25519").writeBytes(RFC8032_PUBLIC).toByteArray();
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] shortKey = new SshWriter().writeString("ssh-ed25519").writeBytes(new byte[31]).toByteArray();
        byte[] unknown = new SshWriter().writeString("ssh-dss").writeBytes(new byte[4]).toByteArray();
        byte[] hugeLength = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'};
        for (byte[] b : new byte[][] {trailing, truncated, shortKey, unknown, hugeLength, new byte[0]}) {
            assertThatThrownBy(() -> SshPublicKey.decode(b)).isInstanceOf(SshFormatException.class);
        }
    }

    @Test
    void equalityFollowsTheBlob() throws Exception {
        SshPublicKey a = KeyGen.generate("ed25519", 0).publicKey();
        assertThat(SshPublicKey.decode(a.blob())).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(KeyGen.generate("ed25519", 0).publicKey()).isNotEqualTo(a);
    }
}

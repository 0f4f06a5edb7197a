package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignatureTest {
    private static final byte[] DATA = "exchange hash".getBytes(StandardCharsets.UTF_8);
    /** One small RSA key for the RSA tests: generation is the slow part. */
    private static final SshKeyPair RSA = KeyGen.generate("rsa", 1024);

    @ParameterizedTest
    @CsvSource({"ed25519,0,ssh-ed25519", "ecdsa,256,ecdsa-sha2-nistp256", "ecdsa,384,ecdsa-sha2-nistp384",
            "ecdsa,521,ecdsa-sha2-nistp521"})
    void signThenVerify(String type, int bits, String alg) {
        SshKeyPair pair = KeyGen.generate(type, bits);
        SignatureAlgorithm a = SignatureAlgorithm.fromWireName(alg);
        assertThat(pair.publicKey().signatureAlgorithms()).containsExactly(a);
        byte[] sig = pair.sign(a, DATA);
        assertThat(pair.publicKey().verify(a, DATA, sig)).isTrue();
        assertTampersFail(pair.publicKey(), a, sig);
    }

    @ParameterizedTest
    @CsvSource({"rsa-sha2-256", "rsa-sha2-512", "ssh-rsa"})
    void rsaSignThenVerify(String alg) {
        SignatureAlgorithm a = SignatureAlgorithm.fromWireName(alg);
        byte[] sig = RSA.sign(a, DATA);
        assertThat(SignatureBlob.innerFor(a, "ssh-rsa", sig)).hasSize(128);
        assertThat(RSA.publicKey().verify(a, DATA, sig)).isTrue();
        assertTampersFail(RSA.publicKey(), a, sig);
    }

    @Test
    void rsaSha1SignatureDoesNotPassAsSha256() throws Exception {
        byte[] sha1 = RSA.sign(SignatureAlgorithm.SSH_RSA, DATA);
        assertThat(RSA.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256, DATA, sha1)).isFalse();
        // Relabelled as rsa-sha2-256, the SHA-1 signature still fails: the digest differs.
        byte[] relabelled = new SignatureBlob("rsa-sha2-256", SignatureBlob.decode(sha1).signature()).encode();
        assertThat(RSA.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256, DATA, relabelled)).isFalse();
    }

    @Test
    void rsaSignatureShorterThanModulusIsLeftPadded() throws Exception {
        for (int i = 0; i < 5000; i++) {
            byte[] data = ("message " + i).getBytes(StandardCharsets.UTF_8);
            byte[] inner = SignatureBlob.decode(RSA.sign(SignatureAlgorithm.RSA_SHA2_256, data)).signature();
            if (inner[0] != 0) continue;
            byte[] stripped = new SignatureBlob("rsa-sha2-256", Arrays.copyOfRange(inner, 1, inner.length)).encode();
            assertThat(RSA.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256, data, stripped)).isTrue();
            return;
        }
        throw new AssertionError("no signature with a leading zero byte in 5000 tries");
    }

    @Test
    void signingWithAnotherKeysAlgorithmIsRefused() {
        SshKeyPair ed = KeyGen.generate("ed25519", 0);
        assertThatThrownBy(() -> ed.sign(SignatureAlgorithm.RSA_SHA2_256, DATA)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RSA.sign(SignatureAlgorithm.SSH_ED25519, DATA)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ed25519MatchesRfc8032() throws Exception {
        byte[] seed = HexFormat.of().parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Ed25519KeyPair pair = Ed25519KeyPair.fromSeed(seed, "");
        assertThat(pair.publicKey().raw()).isEqualTo(SshPublicKeyTest.RFC8032_PUBLIC);
        byte[] sig = pair.sign(SignatureAlgorithm.SSH_ED25519, new byte[0]);
        assertThat(SignatureBlob.decode(sig).signature()).isEqualTo(HexFormat.of().parseHex(
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"));
    }

    @Test
    void ecdsaSignatureIsMpintPairThatJcaAcceptsAsDer() throws Exception {
        SshKeyPair pair = KeyGen.generate("ecdsa", 384);
        byte[] inner = SignatureBlob.decode(pair.sign(SignatureAlgorithm.ECDSA_SHA2_NISTP384, DATA)).signature();
        SshReader r = new SshReader(inner);
        BigInteger sr = r.readMpint();
        BigInteger ss = r.readMpint();
        r.expectEnd();
        byte[] der = new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(sr), new ASN1Integer(ss)}).getEncoded();
        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(pair.publicKey().jcaKey());
        v.update(DATA);
        assertThat(v.verify(der)).isTrue();
    }

    @Test
    void ecdsaRejectsOutOfRangeScalars() {
        SshKeyPair pair = KeyGen.generate("ecdsa", 256);
        BigInteger n = EcCurve.NISTP256.params().getOrder();
        for (BigInteger[] rs : new BigInteger[][] {{BigInteger.ZERO, BigInteger.ONE}, {n, BigInteger.ONE}, {BigInteger.ONE, n.negate()}}) {
            byte[] inner = new SshWriter().writeMpint(rs[0]).writeMpint(rs[1]).toByteArray();
            byte[] blob = new SignatureBlob("ecdsa-sha2-nistp256", inner).encode();
            assertThat(pair.publicKey().verify(SignatureAlgorithm.ECDSA_SHA2_NISTP256, DATA, blob)).isFalse();
        }
    }

    /** Changed data, a flipped signature bit, another algorithm name, garbage and trailing bytes all fail. */
    private static void assertTampersFail(SshPublicKey key, SignatureAlgorithm a, byte[] sig) {
        byte[] otherData = Arrays.copyOf(DATA, DATA.length + 1);
        assertThat(key.verify(a, otherData, sig)).isFalse();
        byte[] flipped = sig.clone();
        flipped[flipped.length - 5] ^= 0x10;
        assertThat(key.verify(a, DATA, flipped)).isFalse();
        for (SignatureAlgorithm other : SignatureAlgorithm.values()) {
            if (other != a) assertThat(key.verify(other, DATA, sig)).as("expected %s", other).isFalse();
        }
        assertThat(key.verify(a, DATA, Arrays.copyOf(sig, sig.length + 1))).isFalse();
        assertThat(key.verify(a, DATA, Arrays.copyOf(sig, sig.length - 1))).isFalse();
        assertThat(key.verify(a, DATA, new byte[] {0, 0, 0})).isFalse();
        assertThat(key.verify(null, DATA, sig)).isFalse();
        assertThat(key.verify(a, DATA, null)).isFalse();
    }
}

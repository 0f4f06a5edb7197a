package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.wire.SshFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificates made by ssh-keygen decoded and checked, and certificates made here read by ssh-keygen. */
class SshCertificateTest {
    @TempDir
    static Path dir;
    static SshKeyPair ca;
    static Path caFile;

    @BeforeAll
    static void ca() throws Exception {
        assumeTrue(Files.isExecutable(OpenSsh.SSH_KEYGEN), "ssh-keygen missing");
        caFile = dir.resolve("ca");
        OpenSsh.keygen("ed25519", 0, caFile, "ca");
        ca = PrivateKeyFiles.read(caFile, null);
    }

    /** ssh-keygen -s ca with extra arguments over a new key of the given type; the certificate read back. */
    private static SshCertificate openSshCert(String type, int bits, String... args) throws Exception {
        Path key = Files.createTempFile(dir, type, "");
        Files.delete(key);
        OpenSsh.keygen(type, bits, key, "k");
        List<String> cmd = new java.util.ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", caFile.toString()));
        cmd.addAll(List.of(args));
        cmd.add(key + ".pub");
        ProcessRunner.Result r = ProcessRunner.command(cmd).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        SshPublicKey k = PublicKeyLine.parse(Files.readString(Path.of(key + "-cert.pub"))).key();
        assertThat(k).isInstanceOf(SshCertificate.class);
        return (SshCertificate) k;
    }

    @Test
    void decodesEveryTypeSignedBySshKeygen() throws Exception {
        for (String[] t : new String[][] {{"ed25519", "0", "ssh-ed25519-cert-v01@openssh.com"},
                {"ecdsa", "384", "ecdsa-sha2-nistp384-cert-v01@openssh.com"},
                {"rsa", "2048", "ssh-rsa-cert-v01@openssh.com"}}) {
            SshCertificate c = openSshCert(t[0], Integer.parseInt(t[1]), "-I", "id-" + t[0], "-n", "alice,bob", "-z", "7",
                    "-O", "force-command=/bin/true", "-O", "source-address=10.0.0.0/8");
            assertThat(c.keyType()).isEqualTo(t[2]);
            assertThat(c.kind()).isEqualTo(SshCertificate.Kind.USER);
            assertThat(c.keyId()).isEqualTo("id-" + t[0]);
            assertThat(c.serial()).isEqualTo(7);
            assertThat(c.principals()).containsExactly("alice", "bob");
            assertThat(c.criticalOption("force-command")).contains("/bin/true");
            assertThat(c.criticalOption("source-address")).contains("10.0.0.0/8");
            assertThat(c.extensions()).extracting(SshCertificate.Option::name).containsExactlyElementsOf(SshCertificate.DEFAULT_USER_EXTENSIONS);
            assertThat(c.signatureKey()).isEqualTo(ca.publicKey());
            assertThat(c.verify(Instant.now())).isTrue();
            assertThat(SshPublicKey.decode(c.blob())).isEqualTo(c);
            assertThat(c.displayType()).endsWith("-CERT");
        }
    }

    @Test
    void signaturesByTheCertifiedKeyVerifyUnderCertificateAlgorithms() throws Exception {
        SshKeyPair rsa = KeyGen.generate("rsa", 2048, "r");
        SshCertificate c = SshCertificate.sign(new byte[32], rsa.publicKey(), 1, SshCertificate.Kind.USER, "r", List.of("u"),
                0, SshCertificate.FOREVER, List.of(), List.of(), ca, SignatureAlgorithm.SSH_ED25519);
        CertifiedKeyPair pair = new CertifiedKeyPair(rsa, c);
        byte[] data = "data".getBytes();
        byte[] sig = pair.sign(SignatureAlgorithm.RSA_SHA2_256_CERT, data);
        assertThat(SignatureBlob.decode(sig).algorithm()).as("the blob names the plain algorithm").isEqualTo("rsa-sha2-256");
        assertThat(c.verify(SignatureAlgorithm.RSA_SHA2_256_CERT, data, sig)).isTrue();
        assertThat(c.verify(SignatureAlgorithm.RSA_SHA2_512_CERT, data, sig)).isFalse();
        assertThat(c.verify(SignatureAlgorithm.RSA_SHA2_256, data, sig)).as("plain name for a certificate").isFalse();
        assertThat(rsa.publicKey().verify(SignatureAlgorithm.RSA_SHA2_256_CERT, data, sig)).isFalse();
        assertThat(c.signatureAlgorithms()).startsWith(SignatureAlgorithm.RSA_SHA2_512_CERT);
    }

    @Test
    void seashellCertificatesAreReadBySshKeygen() throws Exception {
        SshKeyPair key = KeyGen.generate("ed25519", 0, "k");
        SshCertificate c = SshCertificate.sign(new byte[32], key.publicKey(), 99, SshCertificate.Kind.HOST, "host-1",
                List.of("h.example"), 1_600_000_000L, 4_000_000_000L,
                List.of(), List.of(SshCertificate.Option.of("zzz@x", "v"), SshCertificate.Option.flag("aaa@x")), ca,
                SignatureAlgorithm.SSH_ED25519);
        assertThat(c.extensions()).extracting(SshCertificate.Option::name).as("sorted on the wire").containsExactly("aaa@x", "zzz@x");
        Path f = dir.resolve("seashell-cert.pub");
        Files.writeString(f, new PublicKeyLine(c, "x").format() + "\n");
        ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-L", "-f", f.toString()).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("ssh-ed25519-cert-v01@openssh.com host certificate", "Key ID: \"host-1\"",
                "Serial: 99", "h.example", Fingerprints.sha256(ca.publicKey()));
    }

    @Test
    void validityWindowAndCriticalOptionsAreEnforced() throws Exception {
        SshCertificate expired = openSshCert("ed25519", 0, "-I", "old", "-V", "20000101:20010101");
        assertThat(expired.problem(Instant.now())).contains("Certificate invalid: expired");
        SshCertificate future = openSshCert("ed25519", 0, "-I", "new", "-V", "20900101:20910101");
        assertThat(future.problem(Instant.now())).contains("Certificate invalid: not yet valid");
        assertThat(future.verify(Instant.parse("2090-06-01T00:00:00Z"))).isTrue();
        SshCertificate unknown = openSshCert("ed25519", 0, "-I", "crit", "-O", "critical:magic@example.com");
        assertThat(unknown.problem(Instant.now())).hasValueSatisfying(p -> assertThat(p).contains("magic@example.com"));
        SshCertificate forever = openSshCert("ed25519", 0, "-I", "forever");
        assertThat(forever.validAfter()).isZero();
        assertThat(forever.validBefore()).isEqualTo(SshCertificate.FOREVER);
        assertThat(forever.verify(Instant.parse("2500-01-01T00:00:00Z"))).isTrue();
    }

    @Test
    void tamperedCertificatesFailTheCaSignature() throws Exception {
        SshCertificate c = openSshCert("ed25519", 0, "-I", "tamper", "-n", "alice");
        byte[] blob = c.blob();
        // Flip a byte inside the principals ("alice" -> "blice"): still decodes, no longer verifies.
        byte[] needle = "alice".getBytes();
        int at = indexOf(blob, needle);
        blob[at] = 'b';
        SshCertificate forged = (SshCertificate) SshPublicKey.decode(blob);
        assertThat(forged.principals()).containsExactly("blice");
        assertThat(forged.signatureValid()).isFalse();
        assertThat(forged.problem(Instant.now())).contains("certificate signature verification failed");
        assertThatThrownBy(() -> SshPublicKey.decode(Arrays.copyOf(c.blob(), c.blob().length - 3)))
                .isInstanceOf(SshFormatException.class);
    }

    @Test
    void aCertificateCannotBeTheCa() throws Exception {
        SshCertificate inner = openSshCert("ed25519", 0, "-I", "inner");
        // Re-sign with the certificate as CA key: the CA blob is then a certificate blob.
        SshKeyPair caPair = PrivateKeyFiles.read(caFile, null);
        SshKeyPair certAsCa = new CertifiedKeyPair(caPair, SshCertificate.sign(new byte[32], caPair.publicKey(), 1,
                SshCertificate.Kind.USER, "ca-cert", List.of(), 0, SshCertificate.FOREVER, List.of(), List.of(), caPair,
                SignatureAlgorithm.SSH_ED25519));
        assertThatThrownBy(() -> SshCertificate.sign(new byte[32], inner.key(), 2, SshCertificate.Kind.USER, "x", List.of(),
                0, SshCertificate.FOREVER, List.of(), List.of(), certAsCa, SignatureAlgorithm.SSH_ED25519_CERT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("signed by a certificate");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        throw new AssertionError("not found");
    }
}

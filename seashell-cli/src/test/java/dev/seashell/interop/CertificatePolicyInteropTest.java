package dev.seashell.interop;

import static dev.seashell.interop.SshdCertFixture.assertAccepted;
import static dev.seashell.interop.SshdCertFixture.assertRefused;
import static dev.seashell.interop.SshdCertFixture.fingerprint;
import static dev.seashell.interop.SshdCertFixture.sshKeygen;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code seashell sshd -f} with OpenSSH's ssh as client and ssh-keygen making CAs, certificates and
 * KRLs: CASignatureAlgorithms, and TrustedUserCAKeys, RevokedKeys and AuthorizedPrincipalsFile read
 * again at each login (a revocation takes effect without a restart).
 */
class CertificatePolicyInteropTest {
    @RegisterExtension
    static final SshdCertFixture f = new SshdCertFixture();

    /** OpenSSH 9.2's default leaves out ssh-rsa (SHA-1); a list replaces the default. */
    @Test
    void caSignatureAlgorithmsRefuseACertificateSignedWithAnotherAlgorithm() throws Exception {
        Path sha1 = f.userCert("rsa-sha1", f.rsaCa, "-t", "ssh-rsa", "-n", Interop.USER);
        Path sha256 = f.userCert("rsa-sha256", f.rsaCa, "-t", "rsa-sha2-256", "-n", Interop.USER);
        Path sha512 = f.userCert("rsa-sha512", f.rsaCa, "-t", "rsa-sha2-512", "-n", Interop.USER);
        try (SshdCertFixture.Server s = f.sshd("TrustedUserCAKeys " + f.rsaCa + ".pub", "AuthorizedKeysFile none")) {
            assertAccepted(s.login(f.userKey, sha256, "echo hello"), "hello\n", s);
            assertRefused(s.login(f.userKey, sha1, "echo hello"), s);
        }
        try (SshdCertFixture.Server s = f.sshd("TrustedUserCAKeys " + f.rsaCa + ".pub", "AuthorizedKeysFile none",
                "CASignatureAlgorithms ssh-ed25519,rsa-sha2-512,ssh-rsa")) {
            assertRefused(s.login(f.userKey, sha256, "echo hello"), s);
            assertAccepted(s.login(f.userKey, sha512, "echo hello"), "hello\n", s);
            assertAccepted(s.login(f.userKey, sha1, "echo hello"), "hello\n", s);
        }
    }

    @Test
    void krlTrustedCasAndPrincipalsAreReadAtEachLogin() throws Exception {
        Path krl = f.dir.resolve("live.krl");
        sshKeygen("-k", "-f", krl.toString());
        Path trusted = Interop.write(f.dir.resolve("trusted"), Files.readString(Path.of(f.ca + ".pub")));
        Path principals = Interop.write(f.dir.resolve("principals"), "team-a\n");
        Path cert = f.userCert("live", f.ca, "-n", "team-a");
        Path fromCa2 = f.userCert("live-ca2", f.ca2, "-n", "team-a");
        try (SshdCertFixture.Server s = f.sshd("TrustedUserCAKeys " + trusted, "RevokedKeys " + krl, "AuthorizedPrincipalsFile " + principals,
                "AuthorizedKeysFile none")) {
            assertAccepted(s.login(f.userKey, cert, "echo hello"), "hello\n", s);
            sshKeygen("-k", "-u", "-f", krl.toString(), cert.toString());
            assertRefused(s.login(f.userKey, cert, "echo hello"), s);
            assertThat(s.log()).contains("Authentication key ED25519-CERT " + fingerprint(Path.of(f.userKey + ".pub"))
                    + " revoked by file " + krl);

            assertRefused(s.login(f.userKey, fromCa2, "echo hello"), s);
            Files.writeString(trusted, Files.readString(Path.of(f.ca2 + ".pub")), java.nio.file.StandardOpenOption.APPEND);
            assertAccepted(s.login(f.userKey, fromCa2, "echo hello"), "hello\n", s);

            Files.writeString(principals, "team-b\n");
            assertRefused(s.login(f.userKey, fromCa2, "echo hello"), s);
        }
    }
}

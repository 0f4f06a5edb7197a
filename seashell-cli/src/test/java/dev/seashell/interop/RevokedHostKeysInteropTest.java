package dev.seashell.interop;

import static dev.seashell.interop.SshdCertFixture.openSsh;
import static dev.seashell.interop.SshdCertFixture.seashellSsh;
import static dev.seashell.interop.SshdCertFixture.sshKeygen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code seashell ssh} against OpenSSH's sshd with the client's RevokedHostKeys (KRLs and key lists
 * made by ssh-keygen) and CASignatureAlgorithms; each refusal is compared with what OpenSSH's ssh
 * prints for the same arguments.
 */
class RevokedHostKeysInteropTest {
    @RegisterExtension
    static final SshdCertFixture f = new SshdCertFixture();
    static Path hostEc;
    static OpenSshServer sshd;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.assumeSshd();
        hostEc = f.dir.resolve("host_ecdsa");
        OpenSsh.keygen("ecdsa", 256, hostEc, "host");
        sshKeygen("-q", "-s", f.ca.toString(), "-h", "-I", "ed-host", "-z", "7", "-n", Interop.HOST, f.hostKey + ".pub");
        sshKeygen("-q", "-s", f.rsaCa.toString(), "-t", "rsa-sha2-256", "-h", "-I", "ec-host", "-n", Interop.HOST, hostEc + ".pub");
        sshd = OpenSshServer.builder()
                .config("HostKey " + f.hostKey, "HostKey " + hostEc, "HostCertificate " + f.hostKey + "-cert.pub",
                        "HostCertificate " + hostEc + "-cert.pub", "PasswordAuthentication no", "KbdInteractiveAuthentication no")
                .authorizedKey(Files.readString(Path.of(f.userKey + ".pub")).strip())
                .start();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    private static String line(Path pub) throws Exception {
        return Files.readString(Path.of(pub + ".pub"));
    }

    private static String[] args(String knownHosts, String hostKeyAlgorithm, String... options) {
        Path kh = Interop.write(f.dir.resolve("known_hosts_" + Integer.toHexString(knownHosts.hashCode())), knownHosts);
        List<String> a = new ArrayList<>(List.of("-F", "/dev/null", "-p", Integer.toString(sshd.port()), "-l", Interop.USER,
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UserKnownHostsFile=" + kh, "-o", "IdentitiesOnly=yes", "-o", "HostKeyAlgorithms=" + hostKeyAlgorithm,
                "-i", f.userKey.toString()));
        for (String o : options) a.addAll(List.of("-o", o));
        a.addAll(List.of(Interop.HOST, "echo ok"));
        return a.toArray(String[]::new);
    }

    /** Both clients refuse with exit 255 and the same message, which contains {@code expected}. */
    private static void assertRefusedLikeOpenSsh(String[] args, String expected) {
        ProcessRunner.Result ours = seashellSsh(args);
        ProcessRunner.Result theirs = openSsh(args);
        assertThat(theirs.exitCode()).as(theirs.describe()).isEqualTo(255);
        assertThat(ours.exitCode()).as(ours.describe()).isEqualTo(255);
        assertThat(ours.stdoutText()).isEmpty();
        assertThat(theirs.stderrText()).contains(expected);
        assertThat(ours.stderrText()).as("same as OpenSSH").isEqualTo(theirs.stderrText().replace("\r\n", "\n"));
    }

    private static void assertAccepted(String[] args) {
        ProcessRunner.Result r = seashellSsh(args);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("ok\n");
    }

    private String plainKnownHosts(Path hostKey) throws Exception {
        return "[" + Interop.HOST + "]:" + sshd.port() + " " + line(hostKey);
    }

    private String authority(Path caKey) throws Exception {
        return "@cert-authority [" + Interop.HOST + "]:" + sshd.port() + " " + line(caKey);
    }

    @Test
    void hostKeyInAPlainRevokedListIsRefused() throws Exception {
        Path list = Interop.write(f.dir.resolve("revoked_keys"), "# revoked\n" + line(f.hostKey));
        String kh = plainKnownHosts(f.hostKey);
        assertRefusedLikeOpenSsh(args(kh, "ssh-ed25519", "RevokedHostKeys=" + list), "revoked by file " + list);
    }

    @Test
    void hostCertificateFromARevokedCaOrWithARevokedSerialIsRefused() throws Exception {
        String kh = authority(f.ca);
        Path byCa = f.dir.resolve("ca.krl");
        sshKeygen("-q", "-k", "-f", byCa.toString(), f.ca + ".pub");
        assertRefusedLikeOpenSsh(args(kh, "ssh-ed25519-cert-v01@openssh.com", "RevokedHostKeys=" + byCa), "revoked by file " + byCa);

        Path bySerial = f.dir.resolve("serial.krl");
        sshKeygen("-q", "-k", "-f", bySerial.toString(), "-s", f.ca + ".pub", Interop.write(f.dir.resolve("serial7"), "serial: 7\n").toString());
        assertRefusedLikeOpenSsh(args(kh, "ssh-ed25519-cert-v01@openssh.com", "RevokedHostKeys=" + bySerial),
                "revoked by file " + bySerial);

        Path other = f.dir.resolve("other.krl");
        sshKeygen("-q", "-k", "-f", other.toString(), "-s", f.ca + ".pub", Interop.write(f.dir.resolve("serial8"), "serial: 8-100\n").toString());
        assertAccepted(args(kh, "ssh-ed25519-cert-v01@openssh.com", "RevokedHostKeys=" + other));
    }

    @Test
    void missingRevokedHostKeysFileRefusesLikeOpenSsh() throws Exception {
        Path missing = f.dir.resolve("no-such-krl");
        assertRefusedLikeOpenSsh(args(plainKnownHosts(f.hostKey), "ssh-ed25519", "RevokedHostKeys=" + missing),
                "in revoked keys file " + missing);
    }

    @Test
    void hostCertificateSignedWithAnExcludedAlgorithmIsNotTrusted() throws Exception {
        String kh = authority(f.rsaCa);
        assertAccepted(args(kh, "ecdsa-sha2-nistp256-cert-v01@openssh.com"));
        assertRefusedLikeOpenSsh(args(kh, "ecdsa-sha2-nistp256-cert-v01@openssh.com", "CASignatureAlgorithms=ssh-ed25519,rsa-sha2-512"),
                "Certificate signed with disallowed algorithm");
    }
}

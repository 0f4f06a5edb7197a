package dev.seashell.interop;

import static dev.seashell.interop.SshdCertFixture.TIMEOUT;
import static dev.seashell.interop.SshdCertFixture.openSsh;
import static dev.seashell.interop.SshdCertFixture.seashellSsh;
import static dev.seashell.interop.SshdCertFixture.sshKeygen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenCommand;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Certificates against OpenSSH's sshd (TrustedUserCAKeys, HostCertificate): {@code seashell ssh}
 * trusts a host certificate through {@code @cert-authority} and logs in with user certificates
 * (CertificateFile) made by ssh-keygen and by seashell keygen; OpenSSH's ssh accepts certificates
 * made by seashell keygen; a host certificate for another name or from a revoked CA is refused; and
 * {@code seashell sshd} serves HostCertificate/TrustedUserCAKeys/RevokedKeys from its config file.
 */
class CertificateClientInteropTest {
    @RegisterExtension
    static final SshdCertFixture f = new SshdCertFixture();
    static Path userCertByOpenSsh;
    static Path userCertBySeashell;
    static OpenSshServer sshd;
    static String caLine;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.assumeSshd();
        Path hostEc = f.dir.resolve("host_ecdsa");
        Path hostRsa = f.dir.resolve("host_rsa");
        OpenSsh.keygen("ecdsa", 256, hostEc, "host");
        OpenSsh.keygen("rsa", 2048, hostRsa, "host");
        caLine = Files.readString(Path.of(f.ca + ".pub"));
        sshKeygen("-q", "-s", f.ca.toString(), "-h", "-I", "ed-host", "-n", Interop.HOST, f.hostKey + ".pub");
        seashellKeygen("-q", "-s", f.ca.toString(), "-h", "-I", "ec-host", "-n", Interop.HOST, hostEc + ".pub");
        seashellKeygen("-q", "-s", f.ca.toString(), "-h", "-I", "rsa-host", "-n", "elsewhere.example", hostRsa + ".pub");
        userCertByOpenSsh = copy(f.userKey + ".pub", "by_openssh.pub");
        sshKeygen("-q", "-s", f.ca.toString(), "-I", "openssh-made", "-n", Interop.USER, userCertByOpenSsh.toString());
        userCertBySeashell = copy(f.userKey + ".pub", "by_seashell.pub");
        seashellKeygen("-q", "-s", f.ca.toString(), "-I", "seashell-made", "-n", Interop.USER, "-z", "13", userCertBySeashell.toString());
        sshd = OpenSshServer.builder()
                .config("HostKey " + f.hostKey, "HostKey " + hostEc, "HostKey " + hostRsa,
                        "HostCertificate " + f.hostKey + "-cert.pub", "HostCertificate " + hostEc + "-cert.pub",
                        "HostCertificate " + hostRsa + "-cert.pub", "TrustedUserCAKeys " + f.ca + ".pub",
                        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "LogLevel VERBOSE")
                .start();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    private static Path copy(String from, String to) throws IOException {
        return Files.copy(Path.of(from), f.dir.resolve(to));
    }

    private static Path cert(Path pub) {
        return Path.of(pub.toString().replace(".pub", "-cert.pub"));
    }

    private static void seashellKeygen(String... args) {
        assertThat(KeygenCommand.run(args)).as("seashell keygen %s", List.of(args)).isZero();
    }

    /** ssh arguments: isolated from ~/.ssh, strict checking against {@code knownHosts}, the user key and a certificate. */
    private static String[] sshArgs(int port, String knownHosts, String hostKeyAlgorithm, Path certificate, String command) {
        Path kh = Interop.write(f.dir.resolve("known_hosts_" + Math.abs(knownHosts.hashCode())), knownHosts);
        return new String[] {"-F", "/dev/null", "-p", Integer.toString(port), "-l", Interop.USER,
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UserKnownHostsFile=" + kh, "-o", "IdentitiesOnly=yes", "-o", "HostKeyAlgorithms=" + hostKeyAlgorithm,
                "-o", "CertificateFile=" + certificate, "-i", f.userKey.toString(), Interop.HOST, command};
    }

    private static String authority(int port) {
        return "@cert-authority [" + Interop.HOST + "]:" + port + " " + caLine;
    }

    @Test
    void seashellClientTrustsHostCertificateAndLogsInWithCertificates() {
        for (Path c : List.of(cert(userCertByOpenSsh), cert(userCertBySeashell))) {
            ProcessRunner.Result r = seashellSsh(sshArgs(sshd.port(), authority(sshd.port()), "ssh-ed25519-cert-v01@openssh.com", c, "echo ok"));
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).isEqualTo("ok\n");
        }
        assertThat(sshd.log()).contains("Accepted publickey for " + Interop.USER, "ID openssh-made (serial 0) CA ED25519",
                "ID seashell-made (serial 13) CA ED25519");
    }

    @Test
    void openSshClientAcceptsSeashellSignedCertificates() {
        ProcessRunner.Result r = openSsh(concat(sshArgs(sshd.port(), authority(sshd.port()), "ecdsa-sha2-nistp256-cert-v01@openssh.com",
                cert(userCertBySeashell), "echo ok"), "-v"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("ok\n");
        assertThat(r.stderrText()).contains("matches the ECDSA-CERT host certificate.");
    }

    @Test
    void hostCertificateForAnotherNameIsRefusedLikeOpenSsh() {
        String[] args = sshArgs(sshd.port(), authority(sshd.port()), "rsa-sha2-512-cert-v01@openssh.com", cert(userCertByOpenSsh), "true");
        ProcessRunner.Result ours = seashellSsh(args);
        ProcessRunner.Result theirs = openSsh(args);
        assertThat(ours.exitCode()).as(ours.describe()).isEqualTo(255);
        assertThat(theirs.exitCode()).isEqualTo(255);
        assertThat(ours.stderrText()).contains("Certificate invalid: name is not a listed principal")
                .endsWith("Host key verification failed.\n");
        assertThat(ours.stderrText()).as("same as OpenSSH").isEqualTo(theirs.stderrText().replace("\r\n", "\n"));
    }

    @Test
    void revokedCaIsRefused() {
        String knownHosts = authority(sshd.port()) + "@revoked * " + caLine;
        ProcessRunner.Result r = seashellSsh(sshArgs(sshd.port(), knownHosts, "ssh-ed25519-cert-v01@openssh.com", cert(userCertByOpenSsh), "true"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("REVOKED HOST KEY DETECTED", "Host key verification failed.");
    }

    @Test
    void seashellSshdServesCertificatesFromItsConfig() throws Exception {
        Path sshdDir = Files.createDirectory(f.dir.resolve("seashell-sshd"));
        Path krlSpec = Interop.write(sshdDir.resolve("revoke"), "serial: 13\n");
        Path krl = sshdDir.resolve("revoked.krl");
        sshKeygen("-q", "-k", "-f", krl.toString(), "-s", f.ca + ".pub", krlSpec.toString());
        int port = FreePort.pick();
        Path config = Interop.write(sshdDir.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                HostCertificate %s-cert.pub
                TrustedUserCAKeys %s.pub
                RevokedKeys %s
                AuthorizedKeysFile none
                PidFile %s/sshd.pid
                """.formatted(port, f.hostKey, f.hostKey, f.ca, krl, sshdDir));
        try (SshdCertFixture.Server server = SshdCertFixture.launch(port, config)) {
            ProcessRunner.Result ok = OpenSshClient.to(port).knownHosts(authority(port)).identity(f.userKey)
                    .option("CertificateFile=" + cert(userCertByOpenSsh)).option("HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com")
                    .timeout(TIMEOUT).run("exit 7");
            assertThat(ok.exitCode()).as(ok.describe() + "\nseashell sshd log:\n" + server.log()).isEqualTo(7);
            ProcessRunner.Result revoked = OpenSshClient.to(port).knownHosts(authority(port)).identity(f.userKey)
                    .option("CertificateFile=" + cert(userCertBySeashell)).option("HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com")
                    .timeout(TIMEOUT).run("exit 7");
            assertThat(revoked.exitCode()).as(revoked.describe() + "\nseashell sshd log:\n" + server.log()).isEqualTo(255);
            assertThat(revoked.stderrText()).contains("Permission denied");
        }
    }

    private static String[] concat(String[] a, String... b) {
        // Options go before the destination: insert b ahead of the last two (host, command).
        List<String> l = new ArrayList<>(List.of(a).subList(0, a.length - 2));
        l.addAll(List.of(b));
        l.addAll(List.of(a).subList(a.length - 2, a.length));
        return l.toArray(String[]::new);
    }
}

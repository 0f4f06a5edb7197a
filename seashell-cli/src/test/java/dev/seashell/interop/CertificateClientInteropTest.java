package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenCommand;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates against OpenSSH's sshd (TrustedUserCAKeys, HostCertificate): {@code seashell ssh}
 * trusts a host certificate through {@code @cert-authority} and logs in with user certificates
 * (CertificateFile) made by ssh-keygen and by seashell keygen; OpenSSH's ssh accepts certificates
 * made by seashell keygen; a host certificate for another name or from a revoked CA is refused; and
 * {@code seashell sshd} serves HostCertificate/TrustedUserCAKeys/RevokedKeys from its config file.
 */
class CertificateClientInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static Path ca;
    static Path userKey;
    static Path userCertByOpenSsh;
    static Path userCertBySeashell;
    static Path hostEd;
    static OpenSshServer sshd;
    static String caLine;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.assumeSshd();
        OpenSsh.assumeSsh();
        ca = dir.resolve("ca");
        userKey = dir.resolve("user");
        hostEd = dir.resolve("host_ed25519");
        Path hostEc = dir.resolve("host_ecdsa");
        Path hostRsa = dir.resolve("host_rsa");
        OpenSsh.keygen("ed25519", 0, ca, "ca");
        OpenSsh.keygen("ed25519", 0, userKey, "user");
        OpenSsh.keygen("ed25519", 0, hostEd, "host");
        OpenSsh.keygen("ecdsa", 256, hostEc, "host");
        OpenSsh.keygen("rsa", 2048, hostRsa, "host");
        caLine = Files.readString(Path.of(ca + ".pub"));
        sshKeygen("-q", "-s", ca.toString(), "-h", "-I", "ed-host", "-n", Interop.HOST, hostEd + ".pub");
        seashellKeygen("-q", "-s", ca.toString(), "-h", "-I", "ec-host", "-n", Interop.HOST, hostEc + ".pub");
        seashellKeygen("-q", "-s", ca.toString(), "-h", "-I", "rsa-host", "-n", "elsewhere.example", hostRsa + ".pub");
        userCertByOpenSsh = copy(userKey + ".pub", "by_openssh.pub");
        sshKeygen("-q", "-s", ca.toString(), "-I", "openssh-made", "-n", Interop.USER, userCertByOpenSsh.toString());
        userCertBySeashell = copy(userKey + ".pub", "by_seashell.pub");
        seashellKeygen("-q", "-s", ca.toString(), "-I", "seashell-made", "-n", Interop.USER, "-z", "13", userCertBySeashell.toString());
        sshd = OpenSshServer.builder()
                .config("HostKey " + hostEd, "HostKey " + hostEc, "HostKey " + hostRsa,
                        "HostCertificate " + hostEd + "-cert.pub", "HostCertificate " + hostEc + "-cert.pub",
                        "HostCertificate " + hostRsa + "-cert.pub", "TrustedUserCAKeys " + ca + ".pub",
                        "PasswordAuthentication no", "KbdInteractiveAuthentication no", "LogLevel VERBOSE")
                .start();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    private static Path copy(String from, String to) throws IOException {
        return Files.copy(Path.of(from), dir.resolve(to));
    }

    private static Path cert(Path pub) {
        return Path.of(pub.toString().replace(".pub", "-cert.pub"));
    }

    private static void sshKeygen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString()));
        cmd.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.command(cmd).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    private static void seashellKeygen(String... args) {
        assertThat(KeygenCommand.run(args)).as("seashell keygen %s", List.of(args)).isZero();
    }

    /** ssh arguments: isolated from ~/.ssh, strict checking against {@code knownHosts}, the user key and a certificate. */
    private static String[] sshArgs(int port, String knownHosts, String hostKeyAlgorithm, Path certificate, String command) {
        Path kh = Interop.write(dir.resolve("known_hosts_" + Math.abs(knownHosts.hashCode())), knownHosts);
        return new String[] {"-F", "/dev/null", "-p", Integer.toString(port), "-l", Interop.USER,
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UserKnownHostsFile=" + kh, "-o", "IdentitiesOnly=yes", "-o", "HostKeyAlgorithms=" + hostKeyAlgorithm,
                "-o", "CertificateFile=" + certificate, "-i", userKey.toString(), Interop.HOST, command};
    }

    private static ProcessRunner.Result seashellSsh(String... args) {
        List<String> a = new ArrayList<>(List.of("ssh"));
        a.addAll(List.of(args));
        return ProcessRunner.command(Interop.seashell(a.toArray(String[]::new))).timeout(TIMEOUT).run();
    }

    private static ProcessRunner.Result openSsh(String... args) {
        List<String> a = new ArrayList<>(List.of(OpenSsh.SSH.toString()));
        a.addAll(List.of(args));
        return ProcessRunner.command(a).timeout(TIMEOUT).run();
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
        Path sshdDir = Files.createDirectory(dir.resolve("seashell-sshd"));
        Path krlSpec = Interop.write(sshdDir.resolve("revoke"), "serial: 13\n");
        Path krl = sshdDir.resolve("revoked.krl");
        sshKeygen("-q", "-k", "-f", krl.toString(), "-s", ca + ".pub", krlSpec.toString());
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
                """.formatted(port, hostEd, hostEd, ca, krl, sshdDir));
        Process server = new ProcessBuilder(Interop.seashell("sshd", "-D", "-e", "-f", config.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("Server listening on")) listening.complete(null);
                }
            } catch (IOException ignored) {
                // the server was stopped
            }
            listening.completeExceptionally(new IllegalStateException("sshd ended before listening:\n" + log));
        });
        try {
            listening.get(20, TimeUnit.SECONDS);
            ProcessRunner.Result ok = OpenSshClient.to(port).knownHosts(authority(port)).identity(userKey)
                    .option("CertificateFile=" + cert(userCertByOpenSsh)).option("HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com")
                    .timeout(TIMEOUT).run("exit 7");
            assertThat(ok.exitCode()).as(ok.describe() + "\nseashell sshd log:\n" + log).isEqualTo(7);
            ProcessRunner.Result revoked = OpenSshClient.to(port).knownHosts(authority(port)).identity(userKey)
                    .option("CertificateFile=" + cert(userCertBySeashell)).option("HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com")
                    .timeout(TIMEOUT).run("exit 7");
            assertThat(revoked.exitCode()).as(revoked.describe() + "\nseashell sshd log:\n" + log).isEqualTo(255);
            assertThat(revoked.stderrText()).contains("Permission denied");
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) server.destroyForcibly();
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

package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.UserAccount;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seashell sshd -f} with OpenSSH's ssh as client and ssh-keygen making the CAs, certificates
 * and KRLs: AuthorizedPrincipalsCommand (tokens, options, non-zero exit), AuthorizedKeysCommand,
 * CASignatureAlgorithms, and TrustedUserCAKeys/RevokedKeys read again at each login.
 */
class CertificateCommandsInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static Path ca;
    static Path ca2;
    static Path rsaCa;
    static Path userKey;
    static Path hostKey;

    @BeforeAll
    static void keys() {
        OpenSsh.assumeSsh();
        ca = dir.resolve("ca");
        ca2 = dir.resolve("ca2");
        rsaCa = dir.resolve("rsa_ca");
        userKey = dir.resolve("user");
        hostKey = dir.resolve("host");
        OpenSsh.keygen("ed25519", 0, ca, "ca");
        OpenSsh.keygen("ed25519", 0, ca2, "ca2");
        OpenSsh.keygen("rsa", 2048, rsaCa, "rsa-ca");
        OpenSsh.keygen("ed25519", 0, userKey, "user");
        OpenSsh.keygen("ed25519", 0, hostKey, "host");
    }

    private static ProcessRunner.Result sshKeygen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString()));
        cmd.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** A certificate of the user key by {@code caFile} (ssh-keygen -s), with extra ssh-keygen arguments. */
    private static Path userCert(String name, Path caFile, String... args) throws IOException {
        Path p = dir.resolve(name + ".pub");
        Files.copy(Path.of(userKey + ".pub"), p);
        List<String> a = new ArrayList<>(List.of("-q", "-s", caFile.toString(), "-I", name));
        a.addAll(List.of(args));
        a.add(p.toString());
        sshKeygen(a.toArray(String[]::new));
        return dir.resolve(name + "-cert.pub");
    }

    private static String field(Path pubFile, int i) throws IOException {
        return Files.readString(pubFile).strip().split("\\s+")[i];
    }

    private static String fingerprint(Path pubFile) {
        return sshKeygen("-l", "-f", pubFile.toString()).stdoutText().split("\\s+")[1];
    }

    private static Path script(String name, String body) throws IOException {
        Path p = Interop.write(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** A running {@code seashell sshd -D -e -f} with its stderr collected. */
    record Server(Process process, int port, StringBuffer log) implements AutoCloseable {
        ProcessRunner.Result login(Path identity, Path cert, String command) {
            OpenSshClient c = OpenSshClient.to(port).insecureAcceptAnyHostKey().identity(identity).timeout(TIMEOUT);
            if (cert != null) c = c.option("CertificateFile=" + cert);
            return c.run(command);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    private static Server sshd(String... extraLines) throws Exception {
        int port = FreePort.pick();
        Path work = Files.createTempDirectory(dir, "sshd");
        Path config = Interop.write(work.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                PidFile %s/sshd.pid
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                %s
                """.formatted(port, hostKey, work, String.join("\n", extraLines)));
        Process p = new ProcessBuilder(Interop.seashell("sshd", "-D", "-e", "-f", config.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("Server listening on")) listening.complete(null);
                }
            } catch (IOException ignored) {
                // the server was stopped
            }
            listening.completeExceptionally(new IllegalStateException("sshd ended before listening:\n" + log));
        });
        Server s = new Server(p, port, log);
        try {
            listening.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static void assertAccepted(ProcessRunner.Result r, String expectedOut, Server s) {
        assertThat(r.exitCode()).as(r.describe() + "\nseashell sshd log:\n" + s.log()).isZero();
        assertThat(r.stdoutText()).isEqualTo(expectedOut);
    }

    private static void assertRefused(ProcessRunner.Result r, Server s) {
        assertThat(r.exitCode()).as(r.describe() + "\nseashell sshd log:\n" + s.log()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied (publickey)");
        assertThat(r.stdoutText()).isEmpty();
    }

    @Test
    void authorizedPrincipalsCommandGetsItsTokensAndDecides() throws Exception {
        Path args = dir.resolve("principals-args");
        Path failFlag = dir.resolve("principals-fail");
        Path cmd = script("principals", """
                for a in "$@"; do printf '%%s\\n' "$a"; done > %s
                if [ -e %s ]; then echo team-a; exit 1; fi
                [ "$1" = "%s" ] || exit 0
                echo "# principals for $1"
                echo team-a
                echo 'command="echo forced-by-principals" team-forced'
                """.formatted(args, failFlag, Interop.USER));
        Path teamA = userCert("team-a", ca, "-n", "team-a", "-z", "42");
        Path forced = userCert("team-forced", ca, "-n", "team-forced");
        Path teamB = userCert("team-b", ca, "-n", "team-b," + Interop.USER);
        try (Server s = sshd("TrustedUserCAKeys " + ca + ".pub", "AuthorizedKeysFile none",
                "AuthorizedPrincipalsCommand " + cmd + " %u %i %s %T %F %f %t %K %k %h %U %C %D%% x%%y",
                "AuthorizedPrincipalsCommandUser " + Interop.USER)) {
            assertAccepted(s.login(userKey, teamA, "echo hello"), "hello\n", s);
            List<String> got = Files.readAllLines(args);
            UserAccount me = UserAccount.current();
            assertThat(got.subList(0, 11)).containsExactly(Interop.USER, "team-a", "42", "ssh-ed25519",
                    fingerprint(Path.of(ca + ".pub")), fingerprint(Path.of(userKey + ".pub")),
                    "ssh-ed25519-cert-v01@openssh.com", field(Path.of(ca + ".pub"), 1), field(teamA, 1), me.home(),
                    Integer.toString(me.uid()));
            assertThat(got.get(11)).as("%%C").matches("127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 " + s.port());
            assertThat(got.subList(12, got.size())).as("%%D is empty, %%%% a percent sign").containsExactly("%", "x%y");

            assertAccepted(s.login(userKey, forced, "echo hello"), "forced-by-principals\n", s);
            assertRefused(s.login(userKey, teamB, "echo hello"), s);

            Files.writeString(failFlag, "");
            assertRefused(s.login(userKey, teamA, "echo hello"), s);
            assertThat(s.log()).contains("AuthorizedPrincipalsCommand " + cmd + " exited with status 1");
        }
    }

    @Test
    void principalsCommandWithoutItsUserStopsTheServer() throws IOException {
        Path config = Interop.write(dir.resolve("sshd_config_nouser"), """
                HostKey %s
                AuthorizedPrincipalsCommand /bin/true
                """.formatted(hostKey));
        ProcessRunner.Result r = ProcessRunner.command(Interop.seashell("sshd", "-t", "-f", config.toString())).timeout(TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("AuthorizedPrincipalsCommand set without AuthorizedPrincipalsCommandUser");
        Path relative = Interop.write(dir.resolve("sshd_config_relative"), """
                HostKey %s
                AuthorizedKeysCommand bin/keys
                AuthorizedKeysCommandUser nobody
                """.formatted(hostKey));
        ProcessRunner.Result rel = ProcessRunner.command(Interop.seashell("sshd", "-t", "-f", relative.toString())).timeout(TIMEOUT).run();
        assertThat(rel.exitCode()).as(rel.describe()).isEqualTo(255);
        assertThat(rel.stderrText()).contains("line 2: AuthorizedKeysCommand must be an absolute path");
    }

    @Test
    void authorizedKeysCommandAuthorizesAPlainKey() throws Exception {
        Path args = dir.resolve("keys-args");
        Path cmd = script("keys", """
                for a in "$@"; do printf '%%s\\n' "$a"; done > %s
                [ "$1" = "%s" ] || exit 0
                echo 'command="echo from-keys-command" %s'
                """.formatted(args, Interop.USER, Files.readString(Path.of(userKey + ".pub")).strip()));
        try (Server s = sshd("AuthorizedKeysFile none", "AuthorizedKeysCommand " + cmd + " %u %f %t %k",
                "AuthorizedKeysCommandUser " + Interop.USER)) {
            assertAccepted(s.login(userKey, null, "echo hello"), "from-keys-command\n", s);
            assertThat(Files.readAllLines(args)).containsExactly(Interop.USER, fingerprint(Path.of(userKey + ".pub")),
                    "ssh-ed25519", field(Path.of(userKey + ".pub"), 1));
        }
    }

    @Test
    void caSignatureAlgorithmsRefuseACertificateSignedWithAnotherAlgorithm() throws Exception {
        Path sha256 = userCert("rsa-sha256", rsaCa, "-t", "rsa-sha2-256", "-n", Interop.USER);
        Path sha512 = userCert("rsa-sha512", rsaCa, "-t", "rsa-sha2-512", "-n", Interop.USER);
        try (Server s = sshd("TrustedUserCAKeys " + rsaCa + ".pub", "AuthorizedKeysFile none")) {
            assertAccepted(s.login(userKey, sha256, "echo hello"), "hello\n", s);
        }
        try (Server s = sshd("TrustedUserCAKeys " + rsaCa + ".pub", "AuthorizedKeysFile none",
                "CASignatureAlgorithms ssh-ed25519,rsa-sha2-512")) {
            assertRefused(s.login(userKey, sha256, "echo hello"), s);
            assertAccepted(s.login(userKey, sha512, "echo hello"), "hello\n", s);
        }
    }

    @Test
    void krlTrustedCasAndPrincipalsAreReadAtEachLogin() throws Exception {
        Path krl = dir.resolve("live.krl");
        sshKeygen("-k", "-f", krl.toString());
        Path trusted = Interop.write(dir.resolve("trusted"), Files.readString(Path.of(ca + ".pub")));
        Path principals = Interop.write(dir.resolve("principals"), "team-a\n");
        Path cert = userCert("live", ca, "-n", "team-a");
        Path fromCa2 = userCert("live-ca2", ca2, "-n", "team-a");
        try (Server s = sshd("TrustedUserCAKeys " + trusted, "RevokedKeys " + krl, "AuthorizedPrincipalsFile " + principals,
                "AuthorizedKeysFile none")) {
            assertAccepted(s.login(userKey, cert, "echo hello"), "hello\n", s);
            sshKeygen("-k", "-u", "-f", krl.toString(), cert.toString());
            assertRefused(s.login(userKey, cert, "echo hello"), s);
            assertThat(s.log()).contains("Authentication key ED25519-CERT " + fingerprint(Path.of(userKey + ".pub"))
                    + " revoked by file " + krl);

            assertRefused(s.login(userKey, fromCa2, "echo hello"), s);
            Files.writeString(trusted, Files.readString(Path.of(ca2 + ".pub")), java.nio.file.StandardOpenOption.APPEND);
            assertAccepted(s.login(userKey, fromCa2, "echo hello"), "hello\n", s);

            Files.writeString(principals, "team-b\n");
            assertRefused(s.login(userKey, fromCa2, "echo hello"), s);
        }
    }
}

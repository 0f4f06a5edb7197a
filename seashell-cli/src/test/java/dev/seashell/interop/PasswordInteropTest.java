package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.auth.ShadowPasswords;
import dev.seashell.auth.UserAccount;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The password method both ways with OpenSSH, against a real system account (a throwaway one the
 * test creates and removes, so it needs root): /etc/shadow checked by sshd and by Seashell's crypt(3).
 */
class PasswordInteropTest {
    static final String PASSWORD = "correct horse battery";
    static String user;
    @TempDir static Path dir;

    @BeforeAll
    static void createAccount() {
        assumeTrue(UserAccount.current().uid() == 0, "needs root to create a throwaway account");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/sbin/chpasswd")));
        user = "sshp" + ProcessHandle.current().pid() % 100000;
        var add = ProcessRunner.command("/usr/sbin/useradd", "-m", "-s", "/bin/sh", user).timeout(Duration.ofSeconds(20)).run();
        assertThat(add.exitCode()).as(add.describe()).isZero();
        var pw = ProcessRunner.command("/usr/sbin/chpasswd").stdin(user + ":" + PASSWORD + "\n").timeout(Duration.ofSeconds(20)).run();
        assertThat(pw.exitCode()).as(pw.describe()).isZero();
    }

    @AfterAll
    static void removeAccount() {
        if (user != null) ProcessRunner.command("/usr/sbin/userdel", "-r", "-f", user).timeout(Duration.ofSeconds(20)).run();
    }

    static SshClient.Options client(String password) {
        var auth = new ClientUserAuth.Options(user, List.of(), prompt -> password.toCharArray(), null,
                List.of("password"), 1, "127.0.0.1");
        return new SshClient.Options(TransportConfig.defaults().withKex(List.of("curve25519-sha256")), k -> { }, auth,
                Duration.ofSeconds(20), null, null);
    }

    @Test
    void seashellClientLogsIntoOpenSshWithAPassword() throws Exception {
        OpenSsh.assumeSshd();
        try (OpenSshServer sshd = OpenSshServer.builder().config("PasswordAuthentication yes", "KbdInteractiveAuthentication no").start()) {
            try (SshClient c = SshClient.connect("127.0.0.1", sshd.port(), client(PASSWORD))) {
                var r = c.exec("id -un", Duration.ofSeconds(20));
                assertThat(r.stdoutText()).isEqualTo(user + "\n");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> SshClient.connect("127.0.0.1", sshd.port(), client("wrong")))
                    .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("Permission denied");
        }
    }

    @Test
    void openSshClientLogsIntoSeashellWithAPassword() throws Exception {
        OpenSsh.assumeSsh();
        ServerAuthConfig auth = ServerAuthConfig.defaults().withPasswords(new ShadowPasswords()).withPasswordAuthentication(true)
                .withKbdInteractiveAuthentication(false).withAccounts(UserAccount::lookup, dev.seashell.auth.UnixGroups::groupsOf);
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0)).auth(auth)
                .sessions((u, r, l) -> ProcessCommandHandler.forCurrentUser(null, null)).start()) {
            Path answer = dir.resolve("answer");
            Files.writeString(answer, PASSWORD + "\n");
            Path askpass = dir.resolve("askpass.sh");
            Files.writeString(askpass, "#!/bin/sh\ncat '" + answer + "'\n");
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            var r = ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", String.valueOf(server.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=password",
                    "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-l", user, "127.0.0.1", "echo logged-in")
                    .env("SSH_ASKPASS", askpass.toString()).env("SSH_ASKPASS_REQUIRE", "force").env("DISPLAY", ":0")
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(r.stdoutText()).as(r.describe()).isEqualTo("logged-in\n");
            Files.writeString(answer, "wrong\n");
            var bad = ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", String.valueOf(server.port()),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "PreferredAuthentications=password",
                    "-o", "PubkeyAuthentication=no", "-o", "NumberOfPasswordPrompts=1", "-l", user, "127.0.0.1", "true")
                    .env("SSH_ASKPASS", askpass.toString()).env("SSH_ASKPASS_REQUIRE", "force").env("DISPLAY", ":0")
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(bad.exitCode()).isEqualTo(255);
            assertThat(bad.stderrText()).contains("Permission denied (password)");
        }
    }
}

package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.client.SshClient;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.Sessions;
import dev.seashell.server.SshServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedding API on both ends: password auth, a pinned host key, a failing command handler. */
class SeashellToSeashellExampleTest {
    private static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    private static final byte[] PASSWORD = "correct horse".getBytes(StandardCharsets.UTF_8);
    private static SshServer server;

    @BeforeAll
    static void start() throws IOException {
        server = SshServer.builder()
                .hostKey(HOST_KEY)
                .passwords((user, pw, from) -> MessageDigest.isEqual(new String(pw).getBytes(StandardCharsets.UTF_8), PASSWORD))
                .sessions(Sessions.commands(cmd -> {
                    if (cmd.commandLine().orElse("").equals("fail")) throw new IllegalStateException("it broke");
                    cmd.out().print("ran " + cmd.commandLine().orElseThrow() + " for " + cmd.user());
                    return 7;
                }))
                .port(0)
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static SshClient connect(String password) throws IOException {
        String pinned = Fingerprints.sha256(HOST_KEY.publicKey());
        return SshClient.builder("127.0.0.1", server.port()).user("carol")
                .hostKeyVerifier(key -> {
                    if (!Fingerprints.sha256(key).equals(pinned)) throw new IOException("host key mismatch");
                })
                .password(password.toCharArray())
                .connect();
    }

    @Test
    void passwordLoginRunsTheHandlerAndReturnsItsStatus() throws IOException {
        try (SshClient ssh = connect("correct horse")) {
            SshClient.ExecResult r = ssh.exec("report", Duration.ofSeconds(30));

            assertThat(r.stdoutText()).isEqualTo("ran report for carol");
            assertThat(r.exitStatus()).isEqualTo(7);
        }
    }

    @Test
    void aHandlerExceptionBecomesStatus1WithItsMessageOnStderr() throws IOException {
        try (SshClient ssh = connect("correct horse")) {
            SshClient.ExecResult r = ssh.exec("fail", Duration.ofSeconds(30));

            assertThat(r.exitStatus()).isEqualTo(1);
            assertThat(r.stderrText()).isEqualTo("it broke\n");
        }
    }

    @Test
    void aWrongPasswordFailsWithTheMethodsThatCouldContinue() {
        assertThatThrownBy(() -> connect("wrong").close())
                .isInstanceOf(AuthenticationFailedException.class)
                .satisfies(e -> assertThat(((AuthenticationFailedException) e).methodsThatCanContinue()).contains("password"));
    }

    @Test
    void aShellRequestReachesTheHandlerWithoutACommandLine() throws IOException {
        try (SshClient ssh = connect("correct horse"); var session = ssh.openSession()) {
            // Sessions.commands serves shells too: the handler above finds no command line, and its orElseThrow fails.
            session.shell();
            session.stdin().close();
            assertThat(session.exitStatus(Duration.ofSeconds(30))).contains(1);
        }
    }
}

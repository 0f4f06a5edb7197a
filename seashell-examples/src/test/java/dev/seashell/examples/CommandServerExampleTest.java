package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CommandServerExample} reached by OpenSSH's ssh. */
class CommandServerExampleTest {
    private static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    @TempDir static Path tmp;
    private static OpenSshClient.UserKey key;
    private static SshServer server;

    @BeforeAll
    static void start() throws IOException {
        key = OpenSshClient.newUserKey();
        Path authorizedKeys = Files.writeString(tmp.resolve("authorized_keys"), key.publicLine() + "\n");
        server = CommandServerExample.start(HOST_KEY, authorizedKeys, 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static OpenSshClient ssh() {
        return OpenSshClient.to(server.port()).user("alice").identity(key)
                .knownHosts(ServerFixtures.knownHostsLine(server.port(), HOST_KEY));
    }

    @Test
    void execRunsTheApplicationsCommand() {
        ProcessRunner.Result r = ssh().run("echo", "hello", "world");

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("hello world\n");
    }

    @Test
    void theCommandSeesTheAuthenticatedUser() {
        assertThat(ssh().run("whoami").stdoutText()).isEqualTo("alice\n");
    }

    @Test
    void anUnknownCommandFailsWithStatus127OnStderr() {
        ProcessRunner.Result r = ssh().run("rm", "-rf", "/");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(127);
        assertThat(r.stderrText()).contains("rm: unknown command");
        assertThat(r.stdoutText()).isEmpty();
    }

    @Test
    void theShellIsAReplUntilExit() {
        ProcessRunner.Result r = ssh().args("-T").stdin("sum 1 2 39\necho done\nexit\necho never\n").run();

        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("42\ndone\n");
    }

    @Test
    void aKeyNotInAuthorizedKeysIsRefused() {
        ProcessRunner.Result r = OpenSshClient.to(server.port()).identity(OpenSshClient.newUserKey())
                .knownHosts(ServerFixtures.knownHostsLine(server.port(), HOST_KEY)).run("whoami");

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied");
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seashell sshd -f` applies Match blocks per login: a Match User block's ForceCommand only for that user. */
class SshdMatchTest {
    @TempDir Path dir;

    /** Authentication keywords follow Match too: once the user is known, as sshd re-reads Match then. */
    @Test
    void matchUserBlockChangesAuthentication() throws Exception {
        OpenSsh.assumeSsh();
        String me = System.getProperty("user.name");
        var r = runWith("Match User " + me + "\n    PubkeyAuthentication no\n", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied");
        var other = runWith("Match User someone-else\n    PubkeyAuthentication no\n", "echo in");
        assertThat(other.stdoutText()).as(other.describe()).isEqualTo("in\n");
    }

    /** Starts `seashell sshd -f` with these lines after a working base config and runs one OpenSSH ssh. */
    ProcessRunner.Result runWith(String matchLines, String command) throws Exception {
        try (var sshd = SeashellSshdProcess.start(dir, matchLines)) {
            return sshd.run("127.0.0.1", command);
        }
    }

    @Test
    void matchUserBlockAppliesToThatUserOnly() throws Exception {
        OpenSsh.assumeSsh();
        String me = System.getProperty("user.name");
        try (var sshd = SeashellSshdProcess.start(dir, """
                Match User nobody-else
                    ForceCommand echo wrong-block
                Match User %s
                    ForceCommand echo matched-$SSH_ORIGINAL_COMMAND
                """.formatted(me))) {
            var r = sshd.run("127.0.0.1", "hello");
            assertThat(r.stdoutText()).as(r.describe()).isEqualTo("matched-hello\n");
        }
    }
}

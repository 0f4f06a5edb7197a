package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sshd_config ForceCommand, with SSH_ORIGINAL_COMMAND, and the SFTP-only "ForceCommand internal-sftp". */
class ForceCommandTest {
    @TempDir Path dir;

    SshServer server(String forced, OpenSshClient.UserKey key) throws Exception {
        var allowed = PublicKeyLine.parse(key.publicLine()).key();
        var policy = new Sessions.Policy(true, List.of(), List.of(), false, Optional.of(forced));
        return SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> k.equals(allowed))
                .sessions(new Sessions(Map.of("sftp", "internal-sftp"), policy)).start();
    }

    @Test
    void forcedCommandRunsInsteadWithTheOriginalInItsEnvironment() throws Exception {
        OpenSsh.assumeSsh();
        var key = OpenSshClient.newUserKey();
        try (SshServer s = server("echo forced:$SSH_ORIGINAL_COMMAND", key)) {
            var r = OpenSshClient.to(s.port()).insecureAcceptAnyHostKey().identity(key).run("echo", "asked");
            assertThat(r.stdoutText()).as(r.describe()).isEqualTo("forced:echo asked\n");
            assertThat(r.exitCode()).isZero();
        }
    }

    @Test
    void forceCommandInternalSftpServesSftpOnly() throws Exception {
        OpenSsh.assumeSsh();
        var key = OpenSshClient.newUserKey();
        Path batch = dir.resolve("batch");
        Files.writeString(batch, "pwd\n");
        try (SshServer s = server("internal-sftp", key)) {
            var shell = OpenSshClient.to(s.port()).insecureAcceptAnyHostKey().identity(key).run("echo", "shell");
            assertThat(shell.stdoutText()).doesNotContain("shell");
            var sftp = ProcessRunner.command(OpenSsh.SFTP.toString(), "-b", batch.toString(), "-P", String.valueOf(s.port()),
                    "-i", key.privateKey().toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", System.getProperty("user.name") + "@127.0.0.1")
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(sftp.exitCode()).as(sftp.describe()).isZero();
            assertThat(sftp.stdoutText()).contains("Remote working directory: /");
        }
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh -A to OpenSSH's sshd with OpenSSH's ssh-agent. */
class AgentForwardCliTest extends OpenSshHopsCliTest {

    @Test
    void forwardAgentToOpenSshSshd() throws Exception {
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder(OpenSsh.SSH.getParent().resolve("ssh-agent").toString(), "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ProcessRunner.Result add = null;
            for (int i = 0; i < 100 && (add == null || add.exitCode() != 0); i++) { // until the agent listens
                add = ProcessRunner.command("ssh-add", key.privateKey().toString()).env("SSH_AUTH_SOCK", sock.toString())
                        .timeout(Duration.ofSeconds(10)).run();
            }
            assertThat(add.exitCode()).as(add.describe()).isZero();
            String fp = ProcessRunner.command("ssh-keygen", "-lf", key.publicKey().toString()).run().stdoutText().split(" ")[1];
            var r = ProcessRunner.command(ssh("-A", "-p", String.valueOf(sshd1.port()), "127.0.0.1", "ssh-add -l"))
                    .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(60)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).contains(fp);
            var without = ProcessRunner.command(ssh("-p", String.valueOf(sshd1.port()), "127.0.0.1", "ssh-add -l"))
                    .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(60)).run();
            assertThat(without.exitCode()).as(without.describe()).isEqualTo(2);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

}

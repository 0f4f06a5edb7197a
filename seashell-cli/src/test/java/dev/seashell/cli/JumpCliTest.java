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

/** seashell ssh -J through OpenSSH jump hosts, each hop with its own host key check. */
class JumpCliTest extends OpenSshHopsCliTest {

    @Test
    void jumpThroughOneOpenSshHostToAnother() {
        var r = run(ssh("-J", "127.0.0.1:" + sshd1.port(), "-p", String.valueOf(sshd2.port()), "127.0.0.1",
                "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith("127.0.0.1 " + sshd2.port());
    }

    @Test
    void twoHopChainWithUserInTheSpec() {
        String user = System.getProperty("user.name");
        var r = run(ssh("-J", user + "@127.0.0.1:" + sshd1.port() + ",127.0.0.1:" + sshd2.port(),
                "-p", String.valueOf(sshd1.port()), "127.0.0.1", "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith("127.0.0.1 " + sshd1.port());
    }

    @Test
    void eachHopChecksItsOwnHostKey() throws IOException {
        Path onlyTarget = dir.resolve("known_hosts_target_only");
        Files.writeString(onlyTarget, sshd2.knownHostsLine());
        // The jump hop reads ssh_config without the command line's -o, so it trusts sshd1 as the
        // config says; the target (sshd1 here) is checked against the -o file, which lacks it.
        var bad = run(ssh("-o", "UserKnownHostsFile=" + onlyTarget, "-J", "127.0.0.1:" + sshd2.port(),
                "-p", String.valueOf(sshd1.port()), "127.0.0.1", "true"));
        assertThat(bad.exitCode()).isEqualTo(255);
        assertThat(bad.stderrText()).contains("Host key verification failed.");
    }

}

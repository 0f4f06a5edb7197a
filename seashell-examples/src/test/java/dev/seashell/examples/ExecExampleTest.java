package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.client.SshClient;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.client.HostKeyMismatchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExecExample} against a real OpenSSH sshd. */
class ExecExampleTest {
    private static final String USER = System.getProperty("user.name");
    private static OpenSshClient.UserKey key;
    private static OpenSshServer sshd;
    @TempDir Path tmp;

    @BeforeAll
    static void startSshd() {
        key = OpenSshClient.newUserKey();
        sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) sshd.close();
    }

    @Test
    void runsACommandAndReturnsItsOutputAndExitStatus() throws IOException {
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine());

        SshClient.ExecResult r = ExecExample.run(sshd.host(), sshd.port(), USER, knownHosts, key.privateKey(),
                "echo hello; echo oops >&2; exit 3");

        assertThat(r.stdoutText()).isEqualTo("hello\n");
        assertThat(r.stderrText()).isEqualTo("oops\n");
        assertThat(r.exitStatus()).isEqualTo(3);
    }

    @Test
    void refusesAServerWhoseHostKeyIsNotInKnownHosts() throws IOException {
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "");

        assertThatThrownBy(() -> ExecExample.run(sshd.host(), sshd.port(), USER, empty, key.privateKey(), "true"))
                .isInstanceOf(IOException.class).hasMessageContaining("is not in");
    }

    @Test
    void refusesAServerWhoseHostKeyChanged() throws IOException {
        String otherKey = OpenSshClient.newUserKey().publicLine().split(" ")[1];
        StringBuilder wrong = new StringBuilder();
        for (String line : sshd.knownHostsLine().split("\n")) {
            String[] f = line.split(" ");
            if (f[1].equals("ssh-ed25519")) wrong.append(f[0]).append(" ssh-ed25519 ").append(otherKey).append('\n');
        }
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), wrong.toString());

        assertThatThrownBy(() -> ExecExample.run(sshd.host(), sshd.port(), USER, knownHosts, key.privateKey(), "true"))
                .isInstanceOf(HostKeyMismatchException.class).hasMessageContaining("has changed")
                .satisfies(e -> assertThat(((HostKeyMismatchException) e).keyType()).isEqualTo("ssh-ed25519"));
    }
}

package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.client.SshClient;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshConfigExample}: an ssh_config alias resolved by the library, against a real OpenSSH sshd. */
class SshConfigExampleTest {
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

    private Path config(int port, Path knownHosts, String strict) throws IOException {
        return Files.writeString(tmp.resolve("ssh_config"), """
                Host myalias
                  HostName %s
                  Port %d
                  KexAlgorithms ecdh-sha2-nistp256
                  ServerAliveInterval 5
                Host *
                  User %s
                  IdentityFile %s
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking %s
                  ConnectTimeout 10
                """.formatted(sshd.host(), port, USER, key.privateKey(), knownHosts, strict));
    }

    @Test
    void resolvesTheAliasAndAppliesTheFilesOptions() throws IOException {
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine());

        SshConfigExample.Outcome o = SshConfigExample.run(config(sshd.port(), knownHosts, "yes"), "myalias",
                "echo $USER; exit 4");

        assertThat(o.result().stdoutText()).isEqualTo(USER + "\n");
        assertThat(o.result().exitStatus()).isEqualTo(4);
        assertThat(o.kex()).as("KexAlgorithms from the file").isEqualTo("ecdh-sha2-nistp256");
    }

    @Test
    void strictCheckingRefusesAnUnknownHostKey() throws IOException {
        Path empty = Files.writeString(tmp.resolve("known_hosts"), "");

        assertThatThrownBy(() -> SshConfigExample.run(config(sshd.port(), empty, "yes"), "myalias", "true"))
                .isInstanceOf(IOException.class).hasMessageContaining("is not in");
    }

    @Test
    void acceptNewRecordsAnUnknownHostKeyAndThenChecksIt() throws IOException {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        Path cfg = config(sshd.port(), knownHosts, "accept-new");

        assertThat(SshConfigExample.run(cfg, "myalias", "echo first").result().stdoutText()).isEqualTo("first\n");
        assertThat(Files.readString(knownHosts)).startsWith("[" + sshd.host() + "]:" + sshd.port() + " ");

        Path strict = config(sshd.port(), knownHosts, "yes");
        assertThat(SshConfigExample.run(strict, "myalias", "echo again").result().stdoutText()).isEqualTo("again\n");
    }

    @Test
    void builderSettingsWinOverTheFile() throws IOException {
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine());
        Path cfg = config(FreePort.pick(), knownHosts, "yes"); // nothing listens on the file's port

        try (SshClient ssh = SshClient.builder("myalias").config(cfg).port(sshd.port()).connect()) {
            assertThat(ssh.exec("echo $SSH_CONNECTION", Duration.ofSeconds(30)).stdoutText().strip())
                    .endsWith(" " + sshd.port());
        }
    }

    @Test
    void aBadConfigFileFailsWithOpenSshsMessage() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad_config"), "Host x\n  NoSuchOption yes\n");

        assertThatThrownBy(() -> SshClient.builder("x").config(bad))
                .isInstanceOf(IOException.class).hasMessageContaining("Bad configuration option: nosuchoption");
    }
}

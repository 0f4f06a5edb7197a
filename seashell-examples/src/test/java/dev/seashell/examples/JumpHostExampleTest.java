package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
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

/** {@link JumpHostExample} and ProxyJump from ssh_config, through two real OpenSSH sshd instances. */
class JumpHostExampleTest {
    private static final String USER = System.getProperty("user.name");
    private static final Duration T = Duration.ofSeconds(30);
    private static OpenSshClient.UserKey key;
    private static OpenSshServer bastion;
    private static OpenSshServer target;
    @TempDir Path tmp;

    @BeforeAll
    static void startSshds() {
        key = OpenSshClient.newUserKey();
        bastion = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        target = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
    }

    @AfterAll
    static void stopSshds() {
        if (bastion != null) bastion.close();
        if (target != null) target.close();
    }

    private Path knownHosts() throws IOException {
        return Files.writeString(tmp.resolve("known_hosts"), bastion.knownHostsLine() + target.knownHostsLine());
    }

    /** The server port of SSH_CONNECTION ("client-ip client-port server-ip server-port"). */
    private static String serverPort(String sshConnection) {
        String[] f = sshConnection.strip().split(" ");
        return f[f.length - 1];
    }

    /** sshd (LogLevel DEBUG3) logs each direct-tcpip request with its target. */
    private static String tunnelled(int port) {
        return "target 127.0.0.1 port " + port;
    }

    @Test
    void reachesTheTargetThroughTheBastion() throws IOException {
        SshClient.ExecResult r = JumpHostExample.run(bastion.host(), bastion.port(), "127.0.0.1", target.port(), USER,
                knownHosts(), key.privateKey(), "echo $SSH_CONNECTION");

        assertThat(r.exitStatus()).isZero();
        assertThat(serverPort(r.stdoutText())).isEqualTo(String.valueOf(target.port()));
        assertThat(bastion.log()).contains(tunnelled(target.port()));
    }

    @Test
    void sharesOneBastionConnectionAmongTargets() throws IOException {
        Path kh = knownHosts();
        try (SshClient b = SshClient.builder(bastion.host(), bastion.port()).user(USER).knownHosts(kh)
                .identity(key.privateKey()).connect()) {
            String out = JumpHostExample.runOnEach(b, new int[] {target.port(), target.port()}, USER, kh,
                    key.privateKey(), "echo $SSH_CONNECTION");

            assertThat(out.lines().map(JumpHostExampleTest::serverPort))
                    .containsExactly(String.valueOf(target.port()), String.valueOf(target.port()));
            assertThat(b.exec("echo still open", T).stdoutText()).as("targets closed, bastion not").isEqualTo("still open\n");
        }
    }

    @Test
    void followsProxyJumpFromSshConfigAcrossTwoHops() throws IOException {
        // inner -> via "bastion" (sshd 1) then "127.0.0.1:<target>" (sshd 2) -> back to sshd 1 as the destination
        Path cfg = Files.writeString(tmp.resolve("ssh_config"), """
                Host inner
                  HostName 127.0.0.1
                  Port %d
                  ProxyJump bastion,127.0.0.1:%d
                Host bastion
                  HostName 127.0.0.1
                  Port %d
                Host *
                  User %s
                  IdentityFile %s
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                """.formatted(bastion.port(), target.port(), bastion.port(), USER, key.privateKey(), knownHosts()));

        SshConfigExample.Outcome o = SshConfigExample.run(cfg, "inner", "echo $SSH_CONNECTION");

        assertThat(serverPort(o.result().stdoutText())).isEqualTo(String.valueOf(bastion.port()));
        assertThat(bastion.log()).as("hop 1 opened a tunnel to hop 2").contains(tunnelled(target.port()));
        assertThat(target.log()).as("hop 2 opened a tunnel to the destination").contains(tunnelled(bastion.port()));
    }
}

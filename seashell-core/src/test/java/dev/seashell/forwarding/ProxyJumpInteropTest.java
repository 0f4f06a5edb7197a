package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.client.SshClient;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProxyJump and ProxyCommand: Seashell through OpenSSH jump hosts, and OpenSSH through a Seashell one. */
class ProxyJumpInteropTest {
    static final Duration T = Duration.ofSeconds(20);
    static OpenSshClient.UserKey key;
    static SshKeyPair keyPair;
    static OpenSshServer sshd1;
    static OpenSshServer sshd2;
    static SshServer seashell;
    static SshKeyPair seashellHostKey;
    static final List<String> seashellLog = new CopyOnWriteArrayList<>();
    static Path cfg;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        key = OpenSshClient.newUserKey();
        keyPair = PrivateKeyFiles.read(key.privateKey(), null);
        sshd1 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        sshd2 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        seashellHostKey = KeyGen.generate("ed25519", 0);
        seashell = ProxyFixtures.seashell(seashellHostKey,
                (u, k, a) -> Arrays.equals(k.blob(), keyPair.publicKey().blob()), ForwardingPolicy.openSshDefaults(), seashellLog);
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd1.knownHostsLine() + sshd2.knownHostsLine()
                + ProxyFixtures.knownHostsLine(seashell.port(), seashellHostKey));
        cfg = ProxyFixtures.sshConfig(dir, key.privateKey(), knownHosts);
    }

    @AfterAll
    static void stop() {
        if (seashell != null) seashell.close();
        if (sshd1 != null) sshd1.close();
        if (sshd2 != null) sshd2.close();
    }

    /** The server end of SSH_CONNECTION: "client-ip client-port server-ip server-port". */
    private static String serverPort(SshClient c) throws IOException {
        String[] f = c.exec("echo $SSH_CONNECTION", T).stdoutText().trim().split(" ");
        return f[f.length - 1];
    }

    @Test
    void seashellJumpsThroughOpenSshToASecondSshd() throws Exception {
        SshClient jump = SshClient.connect(sshd1.host(), sshd1.port(), ProxyFixtures.options(keyPair));
        try (SshClient inner = Proxies.viaJump(jump, "127.0.0.1", sshd2.port(), ProxyFixtures.options(keyPair))) {
            assertThat(serverPort(inner)).isEqualTo(String.valueOf(sshd2.port()));
            assertThat(serverPort(jump)).isEqualTo(String.valueOf(sshd1.port()));
        }
        assertThat(jump.connection().isClosed()).as("closing the inner client closes the jump").isTrue();
    }

    @Test
    void aJumpHostThatRefusesTheTunnelFailsAndIsClosed() throws Exception {
        SshClient jump = SshClient.connect(sshd1.host(), sshd1.port(), ProxyFixtures.options(keyPair));
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThatThrownBy(() -> Proxies.viaJump(jump, "127.0.0.1", closedPort, ProxyFixtures.options(keyPair)))
                .isInstanceOf(ChannelOpenException.class);
        assertThat(jump.connection().isClosed()).isTrue();
    }

    @Test
    void openSshJumpsThroughASeashellServer() {
        ProcessRunner.Result r = ProxyFixtures.ssh(cfg, "-J", "127.0.0.1:" + seashell.port(),
                "-p", String.valueOf(sshd2.port()), "127.0.0.1", "echo $SSH_CONNECTION").run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith(" " + sshd2.port());
        assertThat(seashellLog).noneMatch(l -> l.contains("denied"));
    }

    @Test
    void proxyCommandRunsOpenSshStdioForwardToASeashellServer() throws Exception {
        String command = Proxies.expandProxyCommand("ssh -F " + cfg + " -p " + sshd1.port() + " -W %h:%p %r@127.0.0.1",
                "127.0.0.1", seashell.port(), ProxyFixtures.USER, "target");
        try (SshClient c = Proxies.viaCommand(command, ProxyFixtures.options(keyPair))) {
            assertThat(c.exec("echo via-proxy-command", T).stdoutText()).isEqualTo("via-proxy-command\n");
        }
    }

    @Test
    void proxyCommandThatExitsIsAConnectionFailure() {
        assertThatThrownBy(() -> Proxies.viaCommand("echo not-ssh >&2; exit 3", ProxyFixtures.options(keyPair)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void proxyCommandTokens() {
        assertThat(Proxies.expandProxyCommand("x %h:%p %r %n %%h", "10.0.0.1", 2222, "bob", "alias"))
                .isEqualTo("x 10.0.0.1:2222 bob alias %h");
        assertThatThrownBy(() -> Proxies.expandProxyCommand("x %z", "h", 22, "u", "n"))
                .hasMessageContaining("unknown key %z");
        assertThatThrownBy(() -> Proxies.expandProxyCommand("x %", "h", 22, "u", "n"))
                .hasMessageContaining("invalid format");
    }
}

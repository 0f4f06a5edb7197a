package dev.seashell.forwarding;

import static dev.seashell.forwarding.ForwardTestSupport.assertEchoes;
import static dev.seashell.forwarding.ForwardTestSupport.connect;
import static dev.seashell.forwarding.ForwardTestSupport.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.UserAccount;
import dev.seashell.client.SshClient;
import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authorized_keys no-port-forwarding, restrict, permitopen= and permitlisten= on a Seashell server. */
class ForwardRestrictionsTest {
    static OpenSshClient.UserKey blocked;
    static OpenSshClient.UserKey narrowed;
    static OpenSshClient.UserKey restricted;
    static EchoServer echo;
    static EchoServer otherEcho;
    static int listenPort;
    static SshServer seashell;
    static SshKeyPair hostKey;
    static final List<String> log = new CopyOnWriteArrayList<>();
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSsh();
        blocked = OpenSshClient.newUserKey();
        narrowed = OpenSshClient.newUserKey();
        restricted = OpenSshClient.newUserKey();
        echo = EchoServer.tcp("127.0.0.1");
        otherEcho = EchoServer.tcp("127.0.0.1");
        try (var s = new java.net.ServerSocket(0)) {
            listenPort = s.getLocalPort();
        }
        Path ak = dir.resolve("authorized_keys");
        Files.writeString(ak, "no-port-forwarding " + blocked.publicLine() + "\n"
                + "permitopen=\"127.0.0.1:" + echo.port() + "\",permitlisten=\"localhost:" + listenPort + "\" "
                + narrowed.publicLine() + "\n"
                + "restrict " + restricted.publicLine() + "\n");
        hostKey = KeyGen.generate("ed25519", 0);
        UserAccount me = UserAccount.current();
        seashell = ProxyFixtures.seashell(hostKey, new AuthorizedKeysAuthenticator(List.of(ak.toString()), u -> Optional.of(me)),
                ForwardingPolicy.openSshDefaults(), log);
    }

    @AfterAll
    static void stop() throws IOException {
        if (seashell != null) seashell.close();
        if (echo != null) echo.close();
        if (otherEcho != null) otherEcho.close();
    }

    private static SshClient login(OpenSshClient.UserKey k) throws IOException {
        return SshClient.connect("127.0.0.1", seashell.port(), ProxyFixtures.options(PrivateKeyFiles.read(k.privateKey(), null)));
    }

    private static void assertProhibited(SshClient c, int port) {
        assertThatThrownBy(() -> Proxies.openTunnel(c, "127.0.0.1", port))
                .isInstanceOfSatisfying(ChannelOpenException.class, e -> {
                    assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED);
                    assertThat(e.description()).isEqualTo("open failed"); // sshd's words
                });
    }

    @Test
    void noPortForwardingRefusesEveryDirection() throws Exception {
        try (SshClient c = login(blocked)) {
            assertProhibited(c, echo.port());
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            assertThatThrownBy(() -> fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", echo.port())))
                    .hasMessageContaining("remote port forwarding failed");
            assertThatThrownBy(() -> fwd.remote(Endpoint.unix(dir.resolve("s").toString()), Endpoint.tcp("127.0.0.1", 1)))
                    .hasMessageContaining("remote port forwarding failed");
            assertThat(c.exec("echo sessions-still-work", java.time.Duration.ofSeconds(20)).stdoutText())
                    .isEqualTo("sessions-still-work\n");
        }
        assertThat(echo.accepted.get()).isZero();
    }

    @Test
    void restrictRefusesForwarding() throws Exception {
        try (SshClient c = login(restricted)) {
            assertProhibited(c, echo.port());
        }
    }

    @Test
    void permitOpenAndPermitListenNarrowTheServerPolicy() throws Exception {
        try (SshClient c = login(narrowed)) {
            Channel ch = Proxies.openTunnel(c, "127.0.0.1", echo.port());
            ch.outputStream().write("hi".getBytes(StandardCharsets.UTF_8));
            ch.outputStream().close();
            assertThat(new String(ch.inputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi");
            ch.close();
            assertProhibited(c, otherEcho.port());
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            assertThatThrownBy(() -> fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", echo.port())))
                    .isInstanceOf(IOException.class);
            try (RemoteForward r = fwd.remote(Endpoint.tcp("localhost", listenPort), Endpoint.tcp("127.0.0.1", echo.port()));
                 Socket s = connect("127.0.0.1", r.allocatedPort())) {
                assertEchoes(s, random(10_000, 7));
            }
        }
        assertThat(otherEcho.accepted.get()).isZero();
    }

    @Test
    void openSshSeesAdministrativelyProhibited() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, ProxyFixtures.knownHostsLine(seashell.port(), hostKey));
        Path cfg = ProxyFixtures.sshConfig(dir, blocked.privateKey(), knownHosts);
        ProcessRunner.Result r = ProxyFixtures.ssh(cfg, "-p", String.valueOf(seashell.port()),
                "-W", "127.0.0.1:" + echo.port(), "127.0.0.1").stdin("x").run();
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderrText()).contains("administratively prohibited");
    }

    /** Remote dynamic forwarding (ssh -R port): the server listens, the client answers SOCKS5 and connects. */
    @Test
    void remoteDynamicForwardCarriesASocks5Connect() throws Exception {
        try (EchoServer target = EchoServer.tcp("127.0.0.1");
             SshClient c = login(narrowed);
             RemoteForward r = new ForwardingClient(c.connection(), null).remoteDynamic(Endpoint.tcp("localhost", listenPort))) {
            assertThat(r.target()).isNull();
            try (Socket s = connect("127.0.0.1", r.allocatedPort())) {
                socks5Connect(s, target.port()); // the client connects: permitopen does not apply to it
                assertEchoes(s, random(50_000, 3));
            }
            assertThat(target.accepted.get()).isEqualTo(1);
        }
    }

    /** SOCKS5 no-auth CONNECT to 127.0.0.1:port; asserts success. */
    static void socks5Connect(Socket s, int port) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(new byte[] {5, 1, 0});
        assertThat(in.readNBytes(2)).containsExactly(5, 0);
        out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
        byte[] reply = in.readNBytes(10);
        assertThat(reply[0]).isEqualTo((byte) 5);
        assertThat(reply[1]).as("SOCKS5 reply code").isEqualTo((byte) 0);
    }
}

package dev.seashell.forwarding;

import static dev.seashell.forwarding.ForwardTestSupport.assertEchoes;
import static dev.seashell.forwarding.ForwardTestSupport.connect;
import static dev.seashell.forwarding.ForwardTestSupport.random;
import static dev.seashell.forwarding.ForwardTestSupport.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.transport.TransportConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seashell's forwarding client against Seashell's server over loopback, with an in-JVM echo target. */
class LoopbackForwardTest {
    static SshKeyPair user;
    static SshServer open;
    static SshServer restricted;
    static EchoServer echo;

    @BeforeAll
    static void start() throws IOException {
        user = KeyGen.generate("ed25519", 0, "test");
        echo = EchoServer.tcp("127.0.0.1");
        open = server(ForwardingPolicy.openSshDefaults());
        // Only the echo port may be opened, and listeners only on localhost.
        restricted = server(new ForwardingPolicy(ForwardingPolicy.Allow.ALL, ForwardingPolicy.GatewayPorts.NO,
                List.of("127.0.0.1:" + echo.port()), List.of("localhost:*"), ForwardingPolicy.Allow.NO));
    }

    static SshServer server(ForwardingPolicy policy) throws IOException {
        return SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> Arrays.equals(k.blob(), user.publicKey().blob()))
                .sessions((u, r, l) -> (session, command) -> false)
                .forwarding(policy).start();
    }

    @AfterAll
    static void stop() throws IOException {
        open.close();
        restricted.close();
        echo.close();
    }

    static SshClient client(SshServer server) throws IOException {
        var auth = new ClientUserAuth.Options("tester", List.of(user), null, null, List.of("publickey"), 0, "localhost");
        return SshClient.connect("127.0.0.1", server.port(),
                new SshClient.Options(TransportConfig.defaults(), key -> { }, auth, Duration.ofSeconds(10), null, null));
    }

    @Test
    void localForwardCarries8MiBBothWaysWithHalfClose() throws Exception {
        try (SshClient c = client(open);
             LocalForward l = new ForwardingClient(c.connection(), null)
                     .local(Endpoint.tcp("127.0.0.1", 0), Endpoint.tcp("127.0.0.1", echo.port()))) {
            assertThat(l.port()).isPositive();
            try (Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, random(8 << 20, 1));
            }
            // A second connection through the same listener works independently.
            try (Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, "again".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void remoteForwardWithPortZeroReportsThePortAndCancels() throws Exception {
        try (SshClient c = client(open)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            RemoteForward r = fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", echo.port()));
            int port = r.allocatedPort();
            assertThat(port).isBetween(1024, 65535).isNotEqualTo(echo.port());
            try (Socket s = connect("127.0.0.1", port)) {
                assertEchoes(s, random(1 << 20, 2));
            }
            r.close();
            // The listener is closed on cancel; the JDK finishes closing a socket whose accept() is
            // blocked in another thread only when that thread wakes, so allow a bounded moment.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ForwardTestSupport.listening(port)) {
                assertThat(System.nanoTime()).as("listener still open after cancel").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void remoteListenersCloseWithTheConnection() throws Exception {
        int port;
        try (SshClient c = client(open)) {
            port = new ForwardingClient(c.connection(), null)
                    .remote(Endpoint.tcp("", 0), Endpoint.tcp("127.0.0.1", echo.port())).allocatedPort();
            try (Socket s = connect("127.0.0.1", port)) {
                assertEchoes(s, "x".getBytes(StandardCharsets.US_ASCII));
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ForwardTestSupport.listening(port)) { // the server notices the disconnect asynchronously: poll, bounded
            assertThat(System.nanoTime()).as("listener still open after disconnect").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void stdioForwardJoinsStreamsToOneChannel() throws Exception {
        byte[] data = random(300_000, 3);
        try (SshClient c = client(open)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StdioForward f = new ForwardingClient(c.connection(), null)
                    .stdio(Endpoint.tcp("127.0.0.1", echo.port()), new ByteArrayInputStream(data), out);
            assertThat(f.await(Duration.ofSeconds(20))).isTrue();
            assertThat(out.toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void socks4ConnectByAddress() throws Exception {
        try (SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            int p = echo.port();
            out.write(new byte[] {4, 1, (byte) (p >> 8), (byte) p, 127, 0, 0, 1, 'u', 0});
            byte[] reply = readExactly(in, 8);
            assertThat(reply[0]).isEqualTo((byte) 0);
            assertThat(reply[1]).isEqualTo((byte) 90);
            assertEchoes(s, random(100_000, 4));
        }
    }

    @Test
    void socks4aConnectByName() throws Exception {
        try (SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
            int p = echo.port();
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write(new byte[] {4, 1, (byte) (p >> 8), (byte) p, 0, 0, 0, 9, 0}); // 0.0.0.9, empty user id
            req.write("localhost".getBytes(StandardCharsets.US_ASCII));
            req.write(0);
            s.getOutputStream().write(req.toByteArray());
            byte[] reply = readExactly(s.getInputStream(), 8);
            assertThat(reply[1]).isEqualTo((byte) 90);
            assertEchoes(s, "through socks4a".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void socks5ConnectByIpv4AndDomain() throws Exception {
        try (SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0))) {
            int p = echo.port();
            byte[] ipv4 = {5, 1, 0, 1, 127, 0, 0, 1, (byte) (p >> 8), (byte) p};
            byte[] domain = new byte[7 + 9];
            System.arraycopy(new byte[] {5, 1, 0, 3, 9}, 0, domain, 0, 5);
            System.arraycopy("localhost".getBytes(StandardCharsets.US_ASCII), 0, domain, 5, 9);
            domain[14] = (byte) (p >> 8);
            domain[15] = (byte) p;
            for (byte[] request : List.of(ipv4, domain)) {
                try (Socket s = connect("127.0.0.1", d.port())) {
                    assertThat(socks5(s, request)).isEqualTo((byte) 0);
                    assertEchoes(s, random(200_000, request.length));
                }
            }
        }
    }

    @Test
    void socks5ConnectByIpv6() throws Exception {
        EchoServer v6;
        try {
            v6 = EchoServer.tcp("::1");
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback: " + e.getMessage());
            return;
        }
        try (v6; SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
            int p = v6.port();
            byte[] request = new byte[4 + 16 + 2];
            request[0] = 5;
            request[1] = 1;
            request[3] = 4;
            request[19] = 1; // ::1
            request[20] = (byte) (p >> 8);
            request[21] = (byte) p;
            assertThat(socks5(s, request)).isEqualTo((byte) 0);
            assertEchoes(s, "v6".getBytes(StandardCharsets.US_ASCII));
            assertThat(v6.accepted.get()).isEqualTo(1);
        }
    }

    @Test
    void socks5RefusedTargetGetsConnectionRefusedReply() throws Exception {
        int closedPort;
        try (EchoServer gone = EchoServer.tcp("127.0.0.1")) {
            closedPort = gone.port();
        }
        try (SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
            byte[] request = {5, 1, 0, 1, 127, 0, 0, 1, (byte) (closedPort >> 8), (byte) closedPort};
            assertThat(socks5(s, request)).isEqualTo((byte) 5);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void socks5UnsupportedCommandAndNoAcceptableMethod() throws Exception {
        try (SshClient c = client(open); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0))) {
            try (Socket s = connect("127.0.0.1", d.port())) {
                byte[] bind = {5, 2, 0, 1, 127, 0, 0, 1, 0, 80}; // BIND
                assertThat(socks5(s, bind)).isEqualTo((byte) 7);
            }
            try (Socket s = connect("127.0.0.1", d.port())) {
                s.getOutputStream().write(new byte[] {5, 1, 2}); // only username/password
                assertThat(readExactly(s.getInputStream(), 2)).containsExactly(5, 0xff);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    /** No-auth greeting, then {@code request}; returns REP after checking the reply's shape. */
    static byte socks5(Socket s, byte[] request) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(new byte[] {5, 1, 0});
        assertThat(readExactly(in, 2)).containsExactly(5, 0);
        out.write(request);
        byte[] reply = readExactly(in, 10);
        assertThat(reply[0]).isEqualTo((byte) 5);
        assertThat(reply[3]).isEqualTo((byte) 1); // an IPv4 bound address follows
        return reply[1];
    }

    @Test
    void policyRefusesOpenAndListenAsAdministrativelyProhibited() throws Exception {
        try (SshClient c = client(restricted)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(ChannelOpenException.class,
                    () -> fwd.openDirect(Endpoint.tcp("127.0.0.1", echo.port() == 1 ? 2 : 1),
                            java.net.InetSocketAddress.createUnresolved("127.0.0.1", 1)));
            assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED);
            assertThat(e.description()).isEqualTo("open failed");
            // The permitted target still works on the same connection.
            try (LocalForward l = fwd.local(Endpoint.tcp("127.0.0.1", 0), Endpoint.tcp("127.0.0.1", echo.port()));
                 Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, "ok".getBytes(StandardCharsets.US_ASCII));
            }
            // permitListen names localhost only: a wildcard bind is refused, port 0 on localhost is not.
            assertThatThrownBy(() -> fwd.remote(Endpoint.tcp("", 0), Endpoint.tcp("127.0.0.1", 1)))
                    .isInstanceOf(IOException.class).hasMessageContaining("remote port forwarding failed");
            try (RemoteForward r = fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", echo.port()))) {
                assertThat(r.allocatedPort()).isPositive();
            }
            // Streamlocal is off on this server.
            var u = org.assertj.core.api.Assertions.catchThrowableOfType(ChannelOpenException.class,
                    () -> fwd.openDirect(Endpoint.unix("/tmp/x.sock"), java.net.InetSocketAddress.createUnresolved("", 0)));
            assertThat(u.reasonCode()).isEqualTo(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED);
        }
    }

    @Test
    void serverWithoutAPolicyForwardsNothing() throws Exception {
        try (SshServer plain = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> Arrays.equals(k.blob(), user.publicKey().blob()))
                .sessions((u, r, l) -> (session, command) -> false).start();
             SshClient c = client(plain)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            int before = echo.accepted.get(); // tests in a class run one at a time
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(ChannelOpenException.class,
                    () -> fwd.openDirect(Endpoint.tcp("127.0.0.1", echo.port()),
                            java.net.InetSocketAddress.createUnresolved("127.0.0.1", 1)));
            assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED);
            assertThat(e.description()).isEqualTo("open failed");
            assertThat(echo.accepted.get()).as("no connection attempted").isEqualTo(before);
            assertThatThrownBy(() -> fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", 1)))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void socks5ProhibitedTargetGetsNotAllowedReply() throws Exception {
        try (SshClient c = client(restricted); DynamicForward d = new ForwardingClient(c.connection(), null)
                .dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
            byte[] request = {5, 1, 0, 1, 127, 0, 0, 1, 0, 1}; // port 1: not permitted
            assertThat(socks5(s, request)).isEqualTo((byte) 2);
        }
    }

    @Test
    void connectFailureIsReportedAsConnectFailed() throws Exception {
        int closedPort;
        try (EchoServer gone = EchoServer.tcp("127.0.0.1")) {
            closedPort = gone.port();
        }
        try (SshClient c = client(open)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            var e = org.assertj.core.api.Assertions.catchThrowableOfType(ChannelOpenException.class,
                    () -> fwd.openDirect(Endpoint.tcp("127.0.0.1", closedPort),
                            java.net.InetSocketAddress.createUnresolved("127.0.0.1", 1)));
            assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.CONNECT_FAILED);
            // The connection survives a failed open.
            try (StdioForward f = fwd.stdio(Endpoint.tcp("127.0.0.1", echo.port()),
                    new ByteArrayInputStream(new byte[] {1, 2, 3}), new ByteArrayOutputStream())) {
                assertThat(f.await(Duration.ofSeconds(10))).isTrue();
            }
        }
    }

    @Test
    void unixSocketForwardsBothWays(@TempDir Path dir) throws Exception {
        try (EchoServer unixEcho = EchoServer.unix(dir.resolve("echo.sock").toString()); SshClient c = client(open)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            // -L tcp -> direct-streamlocal -> unix echo
            try (LocalForward l = fwd.local(Endpoint.tcp("127.0.0.1", 0), Endpoint.unix(dir.resolve("echo.sock").toString()));
                 Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, random(500_000, 5));
            }
            // -R unix listener on the server -> forwarded-streamlocal -> tcp echo
            String path = dir.resolve("remote.sock").toString();
            try (RemoteForward r = fwd.remote(Endpoint.unix(path), Endpoint.tcp("127.0.0.1", echo.port()))) {
                assertThat(Files.exists(Path.of(path))).isTrue();
                try (var sc = Sockets.connect(Endpoint.unix(path), Duration.ofSeconds(5))) {
                    sc.write(java.nio.ByteBuffer.wrap("unix!".getBytes(StandardCharsets.US_ASCII)));
                    sc.shutdownOutput();
                    byte[] back = ForwardTestSupport.readAll(java.nio.channels.Channels.newInputStream(sc));
                    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("unix!");
                }
            }
            assertThat(Files.exists(Path.of(path))).isFalse();
        }
    }
}

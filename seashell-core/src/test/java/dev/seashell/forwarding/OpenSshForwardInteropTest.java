package dev.seashell.forwarding;

import static dev.seashell.forwarding.ForwardTestSupport.assertEchoes;
import static dev.seashell.forwarding.ForwardTestSupport.connect;
import static dev.seashell.forwarding.ForwardTestSupport.random;
import static dev.seashell.forwarding.ForwardTestSupport.readExactly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.transport.TransportConfig;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seashell's forwarding against the real OpenSSH, in both roles. */
class OpenSshForwardInteropTest {
    static final Duration UP = Duration.ofSeconds(15);
    static OpenSshClient.UserKey key;
    static SshKeyPair keyPair;
    static EchoServer echo;
    static SshServer seashell;
    static SshKeyPair seashellHostKey;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSsh();
        key = OpenSshClient.newUserKey();
        keyPair = PrivateKeyFiles.read(key.privateKey(), null);
        echo = EchoServer.tcp("127.0.0.1");
        seashellHostKey = KeyGen.generate("ed25519", 0);
        seashell = SshServer.builder().port(0).hostKey(seashellHostKey)
                .publicKeys((u, k, a) -> Arrays.equals(k.blob(), keyPair.publicKey().blob()))
                .sessions((u, r, l) -> (session, command) -> false)
                .forwarding(ForwardingPolicy.openSshDefaults()).start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (seashell != null) seashell.close();
        if (echo != null) echo.close();
    }

    // ---- Seashell's client through OpenSSH's sshd ----

    static SshClient seashellClientTo(OpenSshServer sshd) throws IOException {
        var auth = new ClientUserAuth.Options(System.getProperty("user.name"), List.of(keyPair), null, null,
                List.of("publickey"), 0, "127.0.0.1");
        return SshClient.connect(sshd.host(), sshd.port(),
                new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null));
    }

    @Test
    void seashellLocalAndRemoteForwardThroughOpenSshSshd() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.builder().hostKeyTypes("ed25519").authorizedKey(key.publicLine()).start();
             SshClient c = seashellClientTo(sshd)) {
            ForwardingClient fwd = new ForwardingClient(c.connection(), null);
            try (LocalForward l = fwd.local(Endpoint.tcp("127.0.0.1", 0), Endpoint.tcp("127.0.0.1", echo.port()));
                 Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, random(4 << 20, 11));
            }
            RemoteForward r = fwd.remote(Endpoint.tcp("localhost", 0), Endpoint.tcp("127.0.0.1", echo.port()));
            int port = r.allocatedPort();
            assertThat(port).isPositive();
            try (Socket s = connect("127.0.0.1", port)) {
                assertEchoes(s, random(2 << 20, 12));
            }
            r.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ForwardTestSupport.listening(port)) { // sshd closes the listener on cancel: bounded poll
                assertThat(System.nanoTime()).as("listener still open after cancel").isLessThan(deadline);
                Thread.sleep(20);
            }
            // Through sshd's direct-tcpip, SOCKS5 from the Seashell side too.
            try (DynamicForward d = fwd.dynamic(Endpoint.tcp("127.0.0.1", 0)); Socket s = connect("127.0.0.1", d.port())) {
                int p = echo.port();
                assertThat(LoopbackForwardTest.socks5(s, new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (p >> 8), (byte) p}))
                        .isEqualTo((byte) 0);
                assertEchoes(s, random(100_000, 13));
            }
            // -W: one channel joined to a stream pair.
            byte[] data = random(300_000, 14);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (StdioForward w = fwd.stdio(Endpoint.tcp("127.0.0.1", echo.port()), new java.io.ByteArrayInputStream(data), out)) {
                assertThat(w.await(Duration.ofSeconds(20))).isTrue();
            }
            assertThat(out.toByteArray()).isEqualTo(data);
            // direct-streamlocal and streamlocal-forward, both against sshd.
            String echoPath = dir.resolve("echo-" + System.nanoTime() + ".sock").toString();
            try (EchoServer unixEcho = EchoServer.unix(echoPath);
                 LocalForward l = fwd.local(Endpoint.tcp("127.0.0.1", 0), Endpoint.unix(echoPath));
                 Socket s = connect("127.0.0.1", l.port())) {
                assertEchoes(s, random(200_000, 15));
            }
            String remotePath = dir.resolve("remote-" + System.nanoTime() + ".sock").toString();
            try (RemoteForward ru = fwd.remote(Endpoint.unix(remotePath), Endpoint.tcp("127.0.0.1", echo.port()));
                 var sc = Sockets.connect(Endpoint.unix(remotePath), Duration.ofSeconds(5))) {
                sc.write(java.nio.ByteBuffer.wrap("via sshd".getBytes(StandardCharsets.US_ASCII)));
                sc.shutdownOutput();
                byte[] back = ForwardTestSupport.readAll(java.nio.channels.Channels.newInputStream(sc));
                assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("via sshd");
            }
        }
    }

    // ---- OpenSSH's ssh through Seashell's server ----

    static List<String> sshCommand(String... forwardArgs) throws IOException {
        Path knownHosts = Files.createTempFile(dir, "known_hosts", "");
        String line = "[127.0.0.1]:" + seashell.port() + " " + new PublicKeyLine(seashellHostKey.publicKey(), "").format();
        Files.writeString(knownHosts, line.strip() + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("-N", "-v", "-o", "ExitOnForwardFailure=yes"));
        args.addAll(List.of(forwardArgs));
        return OpenSshClient.to(seashell.port()).identity(key).knownHosts(line)
                .args(args.toArray(String[]::new)).commandLine(knownHosts);
    }

    static final Pattern LISTENING = Pattern.compile("Local forwarding listening on 127\\.0\\.0\\.1 port (\\d+)");

    /**
     * Starts ssh listening on a port of its own, up to three times: the port is picked free below the
     * ephemeral range (so no outgoing connection can take it meanwhile), but another process might.
     */
    static SshChildProcess startListening(java.util.function.IntFunction<List<String>> command, int[] portOut)
            throws Exception {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = nonEphemeralFreePort();
            SshChildProcess ssh = new SshChildProcess(command.apply(port));
            try {
                Matcher m = ssh.awaitLine(LISTENING, UP);
                assertThat(Integer.parseInt(m.group(1))).isEqualTo(port);
                portOut[0] = port;
                return ssh;
            } catch (AssertionError e) {
                ssh.close();
                last = e;
            }
        }
        throw last;
    }

    static int nonEphemeralFreePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int i = 0; i < 100; i++) {
            int candidate = 20_000 + random.nextInt(12_000); // below Linux's default ephemeral range 32768-60999
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", candidate));
                return candidate;
            } catch (IOException busy) {
                // try another
            }
        }
        return FreePort.pick();
    }

    static List<String> unchecked(String... forwardArgs) {
        try {
            return sshCommand(forwardArgs);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void openSshLocalForwardThroughSeashellServer() throws Exception {
        int[] bound = new int[1];
        try (SshChildProcess ssh = startListening(
                p -> unchecked("-L", "127.0.0.1:" + p + ":127.0.0.1:" + echo.port()), bound)) {
            int port = bound[0];
            try (Socket s = ssh.connect(port)) {
                assertEchoes(s, random(8 << 20, 21));
            }
        }
    }

    @Test
    void openSshRemoteForwardWithPortZeroThroughSeashellServer() throws Exception {
        try (SshChildProcess ssh = new SshChildProcess(sshCommand("-R", "0:127.0.0.1:" + echo.port()))) {
            Matcher m = ssh.awaitLine(Pattern.compile("Allocated port (\\d+) for remote forward to 127\\.0\\.0\\.1:"
                    + echo.port()), UP);
            int port = Integer.parseInt(m.group(1));
            try (Socket s = ssh.connect(port)) {
                assertEchoes(s, random(4 << 20, 22));
            }
        }
    }

    @Test
    void openSshDynamicForwardThroughSeashellServer() throws Exception {
        int[] bound = new int[1];
        try (SshChildProcess ssh = startListening(p -> unchecked("-D", "127.0.0.1:" + p), bound)) {
            int port = bound[0];
            int p = echo.port();
            try (Socket s = ssh.connect(port)) { // SOCKS5 by domain name
                byte[] req = new byte[16];
                System.arraycopy(new byte[] {5, 1, 0, 3, 9}, 0, req, 0, 5);
                System.arraycopy("localhost".getBytes(StandardCharsets.US_ASCII), 0, req, 5, 9);
                req[14] = (byte) (p >> 8);
                req[15] = (byte) p;
                assertThat(LoopbackForwardTest.socks5(s, req)).isEqualTo((byte) 0);
                assertEchoes(s, random(1 << 20, 23));
            }
            try (Socket s = ssh.connect(port)) { // SOCKS4
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(new byte[] {4, 1, (byte) (p >> 8), (byte) p, 127, 0, 0, 1, 0});
                assertThat(readExactly(in, 8)[1]).isEqualTo((byte) 90);
                assertEchoes(s, "socks4 via openssh".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}

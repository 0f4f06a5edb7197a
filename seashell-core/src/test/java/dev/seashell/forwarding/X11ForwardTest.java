package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * X11 forwarding with a fake X server (TCP display): the server side allocates a display and
 * stores the cookie with xauth; the client side swaps the fake cookie for the real one.
 */
class X11ForwardTest {
    static final String PROTO = "MIT-MAGIC-COOKIE-1";
    static FakeX fakeX;
    static OpenSshClient.UserKey key;
    static SshKeyPair keyPair;
    static SshKeyPair hostKey;

    /** Accepts X clients, records the cookie of each connection setup, then echoes. */
    static final class FakeX implements AutoCloseable {
        final ServerSocket listener;
        final int display;
        final List<byte[]> cookies = new CopyOnWriteArrayList<>();

        FakeX(ServerSocket listener, int display) {
            this.listener = listener;
            this.display = display;
            Thread.ofVirtual().start(this::run);
        }

        static FakeX start() throws IOException {
            for (int n = 90; n < 400; n++) {
                try {
                    return new FakeX(new ServerSocket(6000 + n, 10, InetAddress.getByName("127.0.0.1")), n);
                } catch (IOException taken) {
                    // next display
                }
            }
            throw new IOException("no free display");
        }

        private void run() {
            while (true) {
                Socket s;
                try {
                    s = listener.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                        byte[] head = in.readNBytes(12);
                        if (head.length < 12) return;
                        int n = (head[6] & 0xff) | (head[7] & 0xff) << 8;
                        int d = (head[8] & 0xff) | (head[9] & 0xff) << 8;
                        byte[] auth = in.readNBytes(pad(n) + pad(d));
                        cookies.add(Arrays.copyOfRange(auth, pad(n), pad(n) + d));
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // peer gone
                    }
                });
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }

    static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** A little-endian X11 connection setup carrying {@code cookie}. */
    static byte[] setup(byte[] cookie) {
        byte[] name = PROTO.getBytes(StandardCharsets.US_ASCII);
        byte[] b = new byte[12 + pad(name.length) + pad(cookie.length)];
        b[0] = 'l';
        b[2] = 11;
        b[6] = (byte) name.length;
        b[8] = (byte) cookie.length;
        System.arraycopy(name, 0, b, 12, name.length);
        System.arraycopy(cookie, 0, b, 12 + pad(name.length), cookie.length);
        return b;
    }

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSsh();
        fakeX = FakeX.start();
        key = OpenSshClient.newUserKey();
        keyPair = PrivateKeyFiles.read(key.privateKey(), null);
        hostKey = KeyGen.generate("ed25519", 0);
    }

    @AfterAll
    static void stop() throws IOException {
        if (fakeX != null) fakeX.close();
    }

    /**
     * Opens a session with X11 forwarding running {@code echo $DISPLAY; <listCookie>; cat}, plays an X
     * client against the display it reports, and checks what the fake X server got.
     */
    private static void roundTrip(SshClient c, String listCookie, boolean expectXauthLine) throws Exception {
        byte[] real = new byte[16];
        new java.security.SecureRandom().nextBytes(real);
        X11ForwardingClient x11 = X11ForwardingClient.register(c.connection(), "127.0.0.1:" + fakeX.display, real, null);
        try (ClientSession s = c.openSession()) {
            assertThat(x11.request(s, false)).as("x11-req accepted").isTrue();
            s.exec("echo $DISPLAY; " + listCookie + "; echo end; cat >/dev/null");
            BufferedReader out = new BufferedReader(new InputStreamReader(s.stdout(), StandardCharsets.UTF_8));
            String display = out.readLine();
            assertThat(display).matches("localhost:\\d+\\.0");
            int n = Integer.parseInt(display.substring(display.indexOf(':') + 1, display.indexOf('.')));
            String fakeHex = HexFormat.of().formatHex(x11.fakeCookie());
            String line = out.readLine();
            if (expectXauthLine) {
                String[] f = line.split("\\s+"); // xauth shows the local entry as host/unix:N
                assertThat(f[0]).endsWith("unix:" + n);
                assertThat(List.of(f[1], f[2])).containsExactly(PROTO, fakeHex);
                assertThat(out.readLine()).isEqualTo("end");
            } else {
                assertThat(line).isEqualTo("end");
            }
            assertThat(Arrays.equals(x11.fakeCookie(), real)).isFalse();
            int before = fakeX.cookies.size();
            try (Socket xc = new Socket("127.0.0.1", 6000 + n)) {
                xc.getOutputStream().write(setup(x11.fakeCookie()));
                xc.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(xc.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("ping");
            }
            assertThat(fakeX.cookies.size()).isEqualTo(before + 1);
            assertThat(fakeX.cookies.getLast()).as("the X server sees the real cookie").isEqualTo(real);
            byte[] wrong = new byte[16];
            try (Socket xc = new Socket("127.0.0.1", 6000 + n)) {
                xc.setSoTimeout(20_000);
                xc.getOutputStream().write(setup(wrong));
                assertThat(xc.getInputStream().read()).as("wrong cookie: closed").isEqualTo(-1);
            }
            assertThat(fakeX.cookies.size()).isEqualTo(before + 1);
            s.stdin().close();
            assertThat(s.exitStatus(java.time.Duration.ofSeconds(20))).contains(0);
        }
    }

    @Test
    void seashellClientAndServer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xauth")), "xauth not installed");
        List<String> log = new CopyOnWriteArrayList<>();
        try (SshServer server = ProxyFixtures.seashell(hostKey, (u, k, a) -> true,
                ForwardingPolicy.openSshDefaults().withX11(new ForwardingPolicy.X11(true, 60, true, "/usr/bin/xauth")), log);
             SshClient c = SshClient.connect("127.0.0.1", server.port(), ProxyFixtures.options(keyPair))) {
            roundTrip(c, "xauth -f \"$XAUTHORITY\" list", true);
        }
    }

    /** ForwardX11Timeout of an untrusted cookie: once it has passed, x11 channels are refused as ssh does. */
    @Test
    void connectionsAfterForwardX11TimeoutAreRefused() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xauth")), "xauth not installed");
        List<String> clientLog = new CopyOnWriteArrayList<>();
        try (SshServer server = ProxyFixtures.seashell(hostKey, (u, k, a) -> true,
                ForwardingPolicy.openSshDefaults().withX11(new ForwardingPolicy.X11(true, 60, true, "/usr/bin/xauth")),
                new CopyOnWriteArrayList<>());
             SshClient c = SshClient.connect("127.0.0.1", server.port(), ProxyFixtures.options(keyPair))) {
            X11ForwardingClient x11 = X11ForwardingClient.register(c.connection(), "127.0.0.1:" + fakeX.display, new byte[16],
                    clientLog::add);
            x11.refuseAfter(java.time.Duration.ZERO);
            try (ClientSession s = c.openSession()) {
                assertThat(x11.request(s, false)).isTrue();
                s.exec("echo $DISPLAY; cat >/dev/null");
                String display = new BufferedReader(new InputStreamReader(s.stdout(), StandardCharsets.UTF_8)).readLine();
                int n = Integer.parseInt(display.substring(display.indexOf(':') + 1, display.indexOf('.')));
                int before = fakeX.cookies.size();
                try (Socket xc = new Socket("127.0.0.1", 6000 + n)) {
                    xc.setSoTimeout(20_000);
                    xc.getOutputStream().write(setup(x11.fakeCookie()));
                    int first;
                    try {
                        first = xc.getInputStream().read();
                    } catch (java.net.SocketException reset) {
                        first = -1; // closed with our bytes unread: a reset, also a refusal
                    }
                    assertThat(first).as("refused: closed").isEqualTo(-1);
                }
                assertThat(fakeX.cookies.size()).isEqualTo(before);
                assertThat(clientLog).contains("Rejected X11 connection after ForwardX11Timeout expired");
                s.stdin().close();
            }
        }
    }

    @Test
    void x11ForwardingOffIsRefused() throws Exception {
        try (SshServer server = ProxyFixtures.seashell(hostKey, (u, k, a) -> true, ForwardingPolicy.openSshDefaults(),
                new CopyOnWriteArrayList<>());
             SshClient c = SshClient.connect("127.0.0.1", server.port(), ProxyFixtures.options(keyPair))) {
            X11ForwardingClient x11 = X11ForwardingClient.register(c.connection(), "127.0.0.1:" + fakeX.display, null, null);
            try (ClientSession s = c.openSession()) {
                assertThat(x11.request(s, false)).isFalse();
            }
        }
    }

    @Test
    void seashellClientThroughOpenSshSshd() throws Exception {
        OpenSsh.assumeSshd();
        // XAuthLocation /bin/true: sshd "stores" the cookie without touching this user's ~/.Xauthority.
        try (OpenSshServer sshd = OpenSshServer.builder().authorizedKey(key.publicLine())
                .config("X11Forwarding yes", "X11DisplayOffset 60", "XAuthLocation /bin/true").start();
             SshClient c = SshClient.connect(sshd.host(), sshd.port(), ProxyFixtures.options(keyPair))) {
            roundTrip(c, "true", false);
        }
    }

    @Test
    void openSshClientToSeashellServer(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/xauth")), "xauth not installed");
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash not installed");
        // An X client in bash: the cookie from $XAUTHORITY, a setup packet, then "ping" and its echo.
        Path client = tmp.resolve("xclient.sh");
        Files.writeString(client, """
                n=${DISPLAY#localhost:}; n=${n%.*}
                c=$(xauth -f "$XAUTHORITY" list | awk '{print $3}')
                echo "$c"
                exec 3<>/dev/tcp/127.0.0.1/$((6000 + n))
                { printf 'l\\000\\013\\000\\000\\000\\022\\000\\020\\000\\000\\000MIT-MAGIC-COOKIE-1\\000\\000'
                  printf "$(echo "$c" | sed 's/../\\\\x&/g')"; printf ping; } >&3
                head -c 4 <&3; echo
                """);
        try (SshServer server = ProxyFixtures.seashell(hostKey, (u, k, a) -> true,
                ForwardingPolicy.openSshDefaults().withX11(new ForwardingPolicy.X11(true, 60, true, "/usr/bin/xauth")),
                new CopyOnWriteArrayList<>())) {
            Path knownHosts = tmp.resolve("known_hosts");
            Files.writeString(knownHosts, ProxyFixtures.knownHostsLine(server.port(), hostKey));
            Path cfg = ProxyFixtures.sshConfig(tmp, key.privateKey(), knownHosts);
            int before = fakeX.cookies.size();
            var r = ProxyFixtures.ssh(cfg, "-Y", "-p", String.valueOf(server.port()), "127.0.0.1", "/bin/bash " + client)
                    .env("DISPLAY", "127.0.0.1:" + fakeX.display).env("XAUTHORITY", tmp.resolve("none").toString()).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            List<String> lines = r.stdoutText().lines().toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(1)).isEqualTo("ping");
            assertThat(fakeX.cookies.size()).isEqualTo(before + 1);
            // The echo proves ssh accepted the cookie our side stored with xauth (its fake one; a wrong one
            // is refused); with no real cookie ssh swaps it for random data of its own, never the fake.
            assertThat(fakeX.cookies.getLast()).hasSize(16);
            assertThat(HexFormat.of().formatHex(fakeX.cookies.getLast())).isNotEqualTo(lines.get(0));
        }
    }

    @Test
    void displayParsing() {
        assertThat(X11ForwardingClient.Display.parse(":0").endpoint()).isEqualTo(new Endpoint.Unix("/tmp/.X11-unix/X0"));
        assertThat(X11ForwardingClient.Display.parse("unix:3.1")).isEqualTo(new X11ForwardingClient.Display("unix", 3, 1));
        assertThat(X11ForwardingClient.Display.parse("localhost:10.2").endpoint()).isEqualTo(new Endpoint.Tcp("localhost", 6010));
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * sshd's half of X11 forwarding (RFC 4254 §6.3) on one connection: each accepted x11-req gets a
 * display {@code :N} (N from X11DisplayOffset up) by listening on TCP 6000+N, loopback only with
 * X11UseLocalhost; the session gets {@code DISPLAY=localhost:N.screen}, and each connection to the
 * display becomes an "x11" channel to the client. The client's (fake) cookie is stored with
 * {@code xauth} in a private authority file named by the session's {@code XAUTHORITY} (a deviation
 * from sshd, which writes {@code ~/.Xauthority}; it keeps the user's file untouched). Without xauth
 * the cookie is skipped with a log line.
 */
final class X11ForwardingServer implements AutoCloseable {
    static final String CHANNEL_TYPE = "x11";
    private static final int MAX_DISPLAYS = 1000;

    /** The decoded x11-req. */
    record Request(boolean singleConnection, String authProtocol, String authCookieHex, int screen) {
        static Request decode(byte[] data) throws SshFormatException {
            SshReader r = new SshReader(data);
            Request q = new Request(r.readBoolean(), r.readString(), r.readString(), r.readInt());
            r.expectEnd();
            return q;
        }

        byte[] encode() {
            return new SshWriter().writeBoolean(singleConnection).writeString(authProtocol)
                    .writeString(authCookieHex).writeInt(screen).toByteArray();
        }
    }

    /** What the session gets: its DISPLAY and, when xauth ran, its XAUTHORITY. */
    record Display(int number, String display, String xauthority) {}

    private final ConnectionLayer layer;
    private final ForwardingPolicy.X11 settings;
    private final String owner;
    private final Consumer<String> log;
    private final List<AcceptLoop> listeners = new CopyOnWriteArrayList<>();
    private PrivateDir dir;
    private volatile boolean closed;

    X11ForwardingServer(ConnectionLayer layer, ForwardingPolicy.X11 settings, String owner, Consumer<String> log) {
        this.layer = layer;
        this.settings = settings;
        this.owner = owner;
        this.log = log;
    }

    /** Allocates a display for {@code session}'s request; the listener ends with the session channel. */
    Display start(Channel session, Request req) throws IOException {
        if (closed) throw new IOException("connection closed");
        if (!req.authCookieHex().matches("[0-9a-fA-F]{2,512}") || req.screen() < 0) {
            throw new IOException("bad x11-req cookie or screen");
        }
        for (int n = settings.displayOffset(); n < settings.displayOffset() + MAX_DISPLAYS; n++) {
            ServerSocketChannel ss;
            try {
                ss = Sockets.listen(new Endpoint.Tcp(settings.useLocalhost() ? "127.0.0.1" : "*", 6000 + n));
            } catch (IOException e) {
                continue; // taken: the next display
            }
            int display = n;
            AcceptLoop[] self = new AcceptLoop[1];
            self[0] = AcceptLoop.start(ss, new Endpoint.Tcp("localhost", 6000 + n), "x11-listen-" + n, s -> {
                if (req.singleConnection()) self[0].close();
                forward(s);
            });
            listeners.add(self[0]);
            Thread.ofVirtual().name("x11-session-" + n).start(() -> {
                try {
                    session.awaitClosed(null);
                } catch (IOException ignored) {
                    // interrupted: close anyway
                }
                self[0].close();
                listeners.remove(self[0]);
            });
            String host = settings.useLocalhost() ? "localhost" : localHostName();
            String xauthority = xauth(display, req);
            return new Display(display, host + ":" + display + "." + req.screen(), xauthority);
        }
        throw new IOException("Failed to allocate internet-domain X11 display socket.");
    }

    /** Runs {@code xauth -q -f FILE -} to store the cookie under {@code unix:N.S}; null if it could not. */
    private String xauth(int display, Request req) {
        Path xauth = Path.of(settings.xauthPath());
        if (!Files.isExecutable(xauth)) {
            log.accept("X11 forwarding: " + xauth + " not found, cookie not stored");
            return null;
        }
        try {
            synchronized (this) {
                if (dir == null) dir = PrivateDir.create(owner);
            }
            Path file = dir.resolve("xauth-" + display);
            Process p = new ProcessBuilder(xauth.toString(), "-q", "-f", file.toString(), "-")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            String name = "unix:" + display + "." + req.screen();
            try (OutputStream in = p.getOutputStream()) {
                in.write(("remove " + name + "\nadd " + name + " " + req.authProtocol() + " " + req.authCookieHex() + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                log.accept("X11 forwarding: xauth failed for " + name);
                return null;
            }
            dir.handOver(file);
            return file.toString();
        } catch (IOException e) {
            log.accept("X11 forwarding: xauth: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void forward(SocketChannel s) {
        InetSocketAddress from = Sockets.remote(s);
        byte[] data = new SshWriter().writeString(Sockets.hostString(from)).writeInt(from.getPort()).toByteArray();
        Channel ch;
        try {
            ch = layer.openChannel(CHANNEL_TYPE, data, null);
        } catch (IOException e) {
            log.accept("X11 forwarding: channel open failed: " + e.getMessage());
            Sockets.closeQuietly(s);
            return;
        }
        Splice.start(s, ch, null);
    }

    private static String localHostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        closed = true;
        for (AcceptLoop l : listeners) l.close();
        listeners.clear();
        synchronized (this) {
            if (dir != null) dir.close();
        }
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.IncomingChannel;
import dev.seashell.forwarding.ForwardingMessages.TcpipForward;
import dev.seashell.forwarding.ForwardingMessages.TcpipOpen;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The client side of port forwarding on one connection ({@code ssh -L -R -D -W}). Create one per
 * connection; it registers the handlers for the server's forwarded-tcpip and
 * forwarded-streamlocal opens. Every forward it starts is an {@link AutoCloseable} handle.
 *
 * <pre>{@code
 * ForwardingClient fwd = new ForwardingClient(client.connection(), System.err::println);
 * try (LocalForward l = fwd.local(Endpoint.tcp("localhost", 8080), Endpoint.tcp("db", 5432))) { ... }
 * }</pre>
 */
public final class ForwardingClient {
    private final ConnectionLayer layer;
    private final Consumer<String> log;
    private final List<RemoteForward> remotes = new CopyOnWriteArrayList<>();

    /** @param log receives one line per failure worth telling the user (OpenSSH's wording) */
    public ForwardingClient(ConnectionLayer layer, Consumer<String> log) {
        this.layer = Objects.requireNonNull(layer);
        this.log = log == null ? line -> { } : log;
        layer.registerChannelType(ForwardingMessages.FORWARDED_TCPIP, this::onForwardedTcpip);
        layer.registerChannelType(ForwardingMessages.FORWARDED_STREAMLOCAL, this::onForwardedStreamlocal);
    }

    /** {@code -L}: listens locally; each connection is forwarded through the server to {@code target}. */
    public LocalForward local(Endpoint listen, Endpoint target) throws IOException {
        return LocalForward.start(this, listen, target);
    }

    /**
     * {@code -R}: asks the server to listen on {@code listen} (TCP port 0: the server picks, see
     * {@link RemoteForward#allocatedPort()}) and forwards each connection to {@code target} from here.
     *
     * @throws IOException when the server refuses
     */
    public RemoteForward remote(Endpoint listen, Endpoint target) throws IOException {
        return RemoteForward.request(this, listen, target);
    }

    /**
     * {@code -R [bind:]port} without a target (OpenSSH 7.6+): the server listens, and each connection
     * it forwards is served here as a SOCKS4/4a/5 proxy, connecting from this side to whatever it asks for.
     */
    public RemoteForward remoteDynamic(Endpoint.Tcp listen) throws IOException {
        return RemoteForward.request(this, listen, null);
    }

    /** {@code -D}: a SOCKS4/4a/5 proxy listening locally; each CONNECT goes out through the server. */
    public DynamicForward dynamic(Endpoint listen) throws IOException {
        return DynamicForward.start(this, listen);
    }

    /** {@code -W}: joins {@code in}/{@code out} to one channel to {@code target}. */
    public StdioForward stdio(Endpoint target, InputStream in, OutputStream out) throws IOException {
        return StdioForward.start(this, target, in, out);
    }

    ConnectionLayer layer() {
        return layer;
    }

    void log(String line) {
        log.accept(line);
    }

    /** Opens direct-tcpip or direct-streamlocal to {@code target}, naming {@code origin} as originator. */
    Channel openDirect(Endpoint target, InetSocketAddress origin) throws IOException {
        return switch (target) {
            case Endpoint.Tcp t -> layer.openChannel(ForwardingMessages.DIRECT_TCPIP,
                    new TcpipOpen(t.host(), t.port(), Sockets.hostString(origin), origin.getPort()).encode(), null);
            case Endpoint.Unix u -> layer.openChannel(ForwardingMessages.DIRECT_STREAMLOCAL,
                    ForwardingMessages.encodeDirectStreamlocal(u.path()), null);
        };
    }

    /** Sends a forwarding global request; empty means the server refused. */
    Optional<byte[]> globalRequest(String name, byte[] data) throws IOException {
        return layer.globalRequest(name, data);
    }

    void added(RemoteForward r) {
        remotes.add(r);
    }

    void removed(RemoteForward r) {
        remotes.remove(r);
    }

    // ---- the server's opens (reader thread: decide or defer, never block) ----

    private void onForwardedTcpip(IncomingChannel in) {
        TcpipOpen m;
        try {
            m = TcpipOpen.decode(in.typeData());
        } catch (SshFormatException e) {
            in.reject(ChannelOpenException.CONNECT_FAILED, "malformed forwarded-tcpip");
            return;
        }
        RemoteForward match = null;
        for (RemoteForward r : remotes) {
            if (r.listen() instanceof Endpoint.Tcp t && r.allocatedPort() == m.port()) {
                if (match == null || Objects.equals(t.host(), m.host())) match = r;
            }
        }
        if (match == null) {
            log("WARNING: Server requests forwarding for unknown listen_port " + m.port());
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
            return;
        }
        if (match.target() == null) {
            socksOverChannel(in);
            return;
        }
        connectAndAccept(in, match.target());
    }

    /** Remote dynamic forwarding: the channel carries a SOCKS request; we connect and splice. */
    private void socksOverChannel(IncomingChannel in) {
        in.defer();
        Thread.ofVirtual().name("fwd-rsocks").start(() -> {
            Channel ch;
            try {
                ch = in.accept(null);
            } catch (ChannelOpenException e) {
                return;
            }
            ByteChannel io = new StreamByteChannel(ch.inputStream(), ch.outputStream());
            Socks.Request r;
            try {
                r = Socks.read(io);
            } catch (IOException e) {
                if (!(e instanceof Socks.Refused)) log("SOCKS (remote dynamic): " + e.getMessage());
                ch.close();
                return;
            }
            SocketChannel s;
            try {
                s = Sockets.connect(new Endpoint.Tcp(r.host(), r.port()), Sockets.CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                log("connect_to " + r.host() + " port " + r.port() + ": failed.");
                try {
                    Socks.reply(io, r, false, ChannelOpenException.CONNECT_FAILED);
                } catch (IOException ignored) {
                    // the peer is gone
                }
                ch.close();
                return;
            }
            try {
                Socks.reply(io, r, true, 0);
            } catch (IOException e) {
                Sockets.closeQuietly(s);
                ch.close();
                return;
            }
            Splice.start(s, ch, null);
        });
    }

    private void onForwardedStreamlocal(IncomingChannel in) {
        String path;
        try {
            path = ForwardingMessages.decodeForwardedStreamlocal(in.typeData());
        } catch (SshFormatException e) {
            in.reject(ChannelOpenException.CONNECT_FAILED, "malformed forwarded-streamlocal");
            return;
        }
        for (RemoteForward r : remotes) {
            if (r.listen() instanceof Endpoint.Unix u && u.path().equals(path)) {
                connectAndAccept(in, r.target());
                return;
            }
        }
        log("WARNING: Server requests forwarding for unknown path " + path);
        in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
    }

    private void connectAndAccept(IncomingChannel in, Endpoint target) {
        in.defer();
        Thread.ofVirtual().name("fwd-connect").start(() -> {
            SocketChannel s;
            try {
                s = Sockets.connect(target, Sockets.CONNECT_TIMEOUT);
            } catch (IOException e) {
                log("connect_to " + target + ": failed: " + e.getMessage());
                in.reject(ChannelOpenException.CONNECT_FAILED, "Connection refused");
                return;
            }
            try {
                Splice.start(s, in.accept(null), null);
            } catch (ChannelOpenException e) {
                Sockets.closeQuietly(s);
            }
        });
    }

    /** The cancel request for a remote forward. */
    static byte[] cancelData(Endpoint listen, int port) {
        return switch (listen) {
            case Endpoint.Tcp t -> new TcpipForward(t.host() == null ? "" : t.host(), port).encode();
            case Endpoint.Unix u -> ForwardingMessages.encodePath(u.path());
        };
    }
}

package dev.seashell.forwarding;

import dev.seashell.auth.SessionRestrictions;
import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.IncomingChannel;
import dev.seashell.forwarding.ForwardingMessages.TcpipForward;
import dev.seashell.forwarding.ForwardingMessages.TcpipOpen;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The server side of forwarding on one connection: direct-tcpip and direct-streamlocal opens
 * (connects on a virtual thread, then confirms or fails), and tcpip-forward / streamlocal-forward
 * listeners that open forwarded channels back to the client. Everything is checked against a
 * {@link ForwardingPolicy}; a refusal is OPEN_ADMINISTRATIVELY_PROHIBITED ("administratively
 * prohibited") or REQUEST_FAILURE, and nothing else happens. {@link #close()} stops the listeners
 * when the connection ends.
 */
public final class ForwardingServer implements AutoCloseable {
    static final String PROHIBITED = "administratively prohibited";
    /** sshd's description with the refusal: its client prints "open failed: administratively prohibited: open failed". */
    static final String REFUSAL = "open failed";

    private final ConnectionLayer layer;
    private final ForwardingPolicy policy;
    private final SessionRestrictions restrictions;
    private final ForwardingPolicy keyPolicy; // the login's permitopen= / permitlisten=, as a policy
    private final Consumer<String> log;
    private final Map<Endpoint, AcceptLoop> listeners = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ForwardingServer(ConnectionLayer layer, ForwardingPolicy policy, SessionRestrictions restrictions,
                             Consumer<String> log) {
        this.layer = layer;
        this.policy = policy;
        this.restrictions = restrictions;
        this.keyPolicy = new ForwardingPolicy(ForwardingPolicy.Allow.ALL, ForwardingPolicy.GatewayPorts.NO,
                restrictions.permitOpen().isEmpty() ? List.of("any") : restrictions.permitOpen(),
                restrictions.permitListen().isEmpty() ? List.of("any") : restrictions.permitListen(),
                ForwardingPolicy.Allow.ALL);
        this.log = log == null ? line -> { } : log;
    }

    /** Registers the forwarding channel types and global requests on {@code layer}. */
    public static ForwardingServer register(ConnectionLayer layer, ForwardingPolicy policy, Consumer<String> log) {
        return register(layer, policy, SessionRestrictions.NONE, log);
    }

    /**
     * As {@link #register(ConnectionLayer, ForwardingPolicy, Consumer)}, also enforcing the login's
     * authorized_keys / certificate restrictions as sshd does: {@code no-port-forwarding} (and
     * {@code restrict}) refuses every TCP and Unix-socket forward, {@code permitopen=} and
     * {@code permitlisten=} narrow what the policy allows (both must agree).
     */
    public static ForwardingServer register(ConnectionLayer layer, ForwardingPolicy policy,
                                            SessionRestrictions restrictions, Consumer<String> log) {
        ForwardingServer s = new ForwardingServer(Objects.requireNonNull(layer), Objects.requireNonNull(policy),
                Objects.requireNonNull(restrictions), log);
        layer.registerChannelType(ForwardingMessages.DIRECT_TCPIP, s::onDirectTcpip);
        layer.registerChannelType(ForwardingMessages.DIRECT_STREAMLOCAL, s::onDirectStreamlocal);
        layer.registerGlobalRequest(ForwardingMessages.TCPIP_FORWARD, s::onTcpipForward);
        layer.registerGlobalRequest(ForwardingMessages.CANCEL_TCPIP_FORWARD, s::onCancelTcpipForward);
        layer.registerGlobalRequest(ForwardingMessages.STREAMLOCAL_FORWARD, s::onStreamlocalForward);
        layer.registerGlobalRequest(ForwardingMessages.CANCEL_STREAMLOCAL_FORWARD, s::onCancelStreamlocalForward);
        return s;
    }

    /** Listeners currently open for this connection. */
    public int listenerCount() {
        return listeners.size();
    }

    // ---- channel opens from the client (reader thread) ----

    private void onDirectTcpip(IncomingChannel in) {
        TcpipOpen m;
        try {
            m = TcpipOpen.decode(in.typeData());
        } catch (SshFormatException e) {
            in.reject(ChannelOpenException.CONNECT_FAILED, "malformed direct-tcpip");
            return;
        }
        if (!policy.permitsOpen(m.host(), m.port()) || !restrictions.allowPortForwarding()
                || !keyPolicy.permitsOpen(m.host(), m.port())) {
            log.accept("Received request from " + m.originHost() + " port " + m.originPort() + " to connect to host "
                    + m.host() + " port " + m.port() + ", but the request was denied.");
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, REFUSAL);
            return;
        }
        connectAndAccept(in, new Endpoint.Tcp(m.host(), m.port()));
    }

    private void onDirectStreamlocal(IncomingChannel in) {
        String path;
        try {
            path = ForwardingMessages.decodeDirectStreamlocal(in.typeData());
        } catch (SshFormatException e) {
            in.reject(ChannelOpenException.CONNECT_FAILED, "malformed direct-streamlocal");
            return;
        }
        if (!policy.permitsStreamLocalOpen() || !restrictions.allowPortForwarding() || path.isEmpty()) {
            log.accept("direct-streamlocal to " + path + " refused: " + PROHIBITED);
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, REFUSAL);
            return;
        }
        connectAndAccept(in, new Endpoint.Unix(path));
    }

    private void connectAndAccept(IncomingChannel in, Endpoint target) {
        in.defer();
        Thread.ofVirtual().name("fwd-connect").start(() -> {
            SocketChannel s;
            try {
                s = Sockets.connect(target, Sockets.CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                log.accept("connect_to " + target + ": failed: " + e.getMessage());
                in.reject(ChannelOpenException.CONNECT_FAILED, "connect failed: " + e.getMessage());
                return;
            }
            try {
                Splice.start(s, in.accept(null), null);
            } catch (ChannelOpenException e) {
                Sockets.closeQuietly(s);
            }
        });
    }

    // ---- global requests (reader thread; binding does not block) ----

    private Optional<byte[]> onTcpipForward(String name, byte[] data) {
        TcpipForward m;
        try {
            m = TcpipForward.decode(data);
        } catch (SshFormatException e) {
            return Optional.empty();
        }
        if (closed || !policy.permitsListen(m.bindAddress(), m.port()) || !restrictions.allowPortForwarding()
                || !keyPolicy.permitsListen(m.bindAddress(), m.port())) {
            log.accept("tcpip-forward for " + m.bindAddress() + ":" + m.port() + " refused: " + PROHIBITED);
            return Optional.empty();
        }
        Endpoint.Tcp bind = new Endpoint.Tcp(bindHost(m.bindAddress()), m.port());
        AcceptLoop loop;
        try {
            loop = AcceptLoop.listen(bind, "fwd-rlisten-" + m.port(), s -> forward(s, m.bindAddress()));
        } catch (IOException | RuntimeException e) {
            log.accept("tcpip-forward " + m.bindAddress() + ":" + m.port() + ": " + e.getMessage());
            return Optional.empty();
        }
        int port = ((Endpoint.Tcp) loop.bound()).port();
        // Keyed as the client will name it when cancelling: its address, the actual port.
        AcceptLoop old = listeners.put(new Endpoint.Tcp(m.bindAddress(), port), loop);
        if (old != null) old.close();
        if (closed) close();
        return Optional.of(m.port() == 0 ? ForwardingMessages.encodePort(port) : new byte[0]);
    }

    /** GatewayPorts decides what the client's bind address means. */
    private String bindHost(String requested) {
        return switch (policy.gatewayPorts()) {
            case NO -> "localhost";
            case YES -> "*";
            case CLIENTSPECIFIED -> requested.isEmpty() || requested.equals("0.0.0.0") || requested.equals("::")
                    ? "*" : requested;
        };
    }

    private Optional<byte[]> onCancelTcpipForward(String name, byte[] data) {
        try {
            TcpipForward m = TcpipForward.decode(data);
            return cancel(new Endpoint.Tcp(m.bindAddress(), m.port()));
        } catch (SshFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> onStreamlocalForward(String name, byte[] data) {
        String path;
        try {
            path = ForwardingMessages.decodePath(data);
        } catch (SshFormatException e) {
            return Optional.empty();
        }
        if (closed || !policy.permitsStreamLocalListen() || !restrictions.allowPortForwarding() || path.isEmpty()) {
            log.accept("streamlocal-forward for " + path + " refused: " + PROHIBITED);
            return Optional.empty();
        }
        Endpoint.Unix bind = new Endpoint.Unix(path);
        try {
            AcceptLoop loop = AcceptLoop.listen(bind, "fwd-rlisten-unix", s -> forwardStreamlocal(s, path));
            AcceptLoop old = listeners.put(bind, loop);
            if (old != null) old.close();
            if (closed) close();
            return Optional.of(new byte[0]);
        } catch (IOException | RuntimeException e) {
            log.accept("streamlocal-forward " + path + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<byte[]> onCancelStreamlocalForward(String name, byte[] data) {
        try {
            return cancel(new Endpoint.Unix(ForwardingMessages.decodePath(data)));
        } catch (SshFormatException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<byte[]> cancel(Endpoint key) {
        AcceptLoop loop = listeners.remove(key);
        if (loop == null) return Optional.empty();
        loop.close();
        return Optional.of(new byte[0]);
    }

    // ---- connections to our listeners ----

    private void forward(SocketChannel s, String requestedAddress) {
        InetSocketAddress from = Sockets.remote(s);
        int port;
        try {
            port = ((InetSocketAddress) s.getLocalAddress()).getPort();
        } catch (IOException e) {
            Sockets.closeQuietly(s);
            return;
        }
        byte[] data = new TcpipOpen(requestedAddress, port, Sockets.hostString(from), from.getPort()).encode();
        openBack(s, ForwardingMessages.FORWARDED_TCPIP, data);
    }

    private void forwardStreamlocal(SocketChannel s, String path) {
        openBack(s, ForwardingMessages.FORWARDED_STREAMLOCAL, ForwardingMessages.encodeForwardedStreamlocal(path));
    }

    private void openBack(SocketChannel s, String type, byte[] data) {
        Channel ch;
        try {
            ch = layer.openChannel(type, data, null);
        } catch (IOException e) {
            log.accept(type + ": open failed: " + e.getMessage());
            Sockets.closeQuietly(s);
            return;
        }
        Splice.start(s, ch, null);
    }

    /** Stops every listener of this connection; call when the connection ends. */
    @Override
    public void close() {
        closed = true;
        for (Endpoint key : listeners.keySet()) {
            AcceptLoop loop = listeners.remove(key);
            if (loop != null) loop.close();
        }
    }
}

package dev.seashell.forwarding;

import dev.seashell.forwarding.ForwardingMessages.TcpipForward;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.util.Optional;

/**
 * {@code ssh -R}: the server listens (tcpip-forward or streamlocal-forward) and opens a
 * forwarded-tcpip / forwarded-streamlocal channel per connection, which is connected here to the
 * target. Closing sends the cancel request; connections already forwarded run to their end.
 */
public final class RemoteForward implements AutoCloseable {
    private final ForwardingClient client;
    private final Endpoint listen;
    private final Endpoint target;
    private volatile int allocatedPort;
    private volatile boolean closed;

    private RemoteForward(ForwardingClient client, Endpoint listen, Endpoint target) {
        this.client = client;
        this.listen = listen;
        this.target = target;
        this.allocatedPort = listen instanceof Endpoint.Tcp t ? t.port() : -1;
    }

    static RemoteForward request(ForwardingClient client, Endpoint listen, Endpoint target) throws IOException {
        RemoteForward f = new RemoteForward(client, listen, target);
        // Known before the request goes out, so that no forwarded channel can beat the registration.
        client.added(f);
        try {
            Optional<byte[]> reply = switch (listen) {
                case Endpoint.Tcp t -> client.globalRequest(ForwardingMessages.TCPIP_FORWARD,
                        new TcpipForward(t.host() == null ? "" : t.host(), t.port()).encode());
                case Endpoint.Unix u -> client.globalRequest(ForwardingMessages.STREAMLOCAL_FORWARD,
                        ForwardingMessages.encodePath(u.path()));
            };
            if (reply.isEmpty()) throw new IOException("remote port forwarding failed for listen " + describe(listen));
            if (listen instanceof Endpoint.Tcp t && t.port() == 0) {
                try {
                    f.allocatedPort = ForwardingMessages.decodePort(reply.get());
                } catch (SshFormatException e) {
                    throw new IOException("bad tcpip-forward reply: " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            client.removed(f);
            throw e;
        }
        return f;
    }

    private static String describe(Endpoint listen) {
        return listen instanceof Endpoint.Tcp t ? "port " + t.port() : "path " + listen;
    }

    /** The requested listen address on the server. */
    public Endpoint listen() {
        return listen;
    }

    /** Where connections go; null for a remote dynamic (SOCKS) forward. */
    public Endpoint target() {
        return target;
    }

    /**
     * The port the server listens on: the requested one, or the one it picked for port 0
     * (then OpenSSH prints {@code Allocated port N for remote forward to host:port}); -1 for Unix.
     */
    public int allocatedPort() {
        return allocatedPort;
    }

    /** Sends the cancel request (and waits for its answer) and forgets the forward. */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        client.removed(this);
        if (client.layer().isClosed()) return;
        String name = listen instanceof Endpoint.Tcp ? ForwardingMessages.CANCEL_TCPIP_FORWARD
                : ForwardingMessages.CANCEL_STREAMLOCAL_FORWARD;
        client.globalRequest(name, ForwardingClient.cancelData(listen, allocatedPort));
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * {@code ssh -D}: a local SOCKS4/4a/5 proxy (CONNECT, no authentication); each request becomes a
 * direct-tcpip channel to the requested host and port, opened by the server. Closing stops
 * listening; connections already forwarded run to their end.
 */
public final class DynamicForward implements AutoCloseable {
    private final ForwardingClient client;
    private AcceptLoop loop;

    private DynamicForward(ForwardingClient client) {
        this.client = client;
    }

    static DynamicForward start(ForwardingClient client, Endpoint listen) throws IOException {
        DynamicForward f = new DynamicForward(client);
        f.loop = AcceptLoop.listen(listen, "fwd-socks-" + listen, f::serve);
        return f;
    }

    public Endpoint listenAddress() {
        return loop.bound();
    }

    /** The bound TCP port (-1 for a Unix socket). */
    public int port() {
        return loop.bound() instanceof Endpoint.Tcp t ? t.port() : -1;
    }

    private void serve(SocketChannel s) {
        Socks.Request r = null;
        try {
            r = Socks.read(s);
            Channel ch = client.openDirect(new Endpoint.Tcp(r.host(), r.port()), Sockets.remote(s));
            try {
                Socks.reply(s, r, true, 0);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            Splice.start(s, ch, null);
        } catch (ChannelOpenException e) {
            client.log("channel: open failed: " + e.description() + " (SOCKS to " + r.host() + ":" + r.port() + ")");
            try {
                Socks.reply(s, r, false, e.reasonCode());
            } catch (IOException ignored) {
                // the client is gone
            }
            Sockets.closeQuietly(s);
        } catch (IOException e) {
            if (!(e instanceof Socks.Refused)) client.log("SOCKS: " + e.getMessage());
            Sockets.closeQuietly(s);
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}

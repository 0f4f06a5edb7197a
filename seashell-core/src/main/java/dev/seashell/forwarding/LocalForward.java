package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * {@code ssh -L}: a local listener whose connections each become a direct-tcpip (or
 * direct-streamlocal) channel to a target reached from the server. Closing stops listening;
 * connections already forwarded run to their end.
 */
public final class LocalForward implements AutoCloseable {
    private final ForwardingClient client;
    private final Endpoint target;
    private AcceptLoop loop;

    private LocalForward(ForwardingClient client, Endpoint target) {
        this.client = client;
        this.target = target;
    }

    static LocalForward start(ForwardingClient client, Endpoint listen, Endpoint target) throws IOException {
        LocalForward f = new LocalForward(client, target);
        f.loop = AcceptLoop.listen(listen, "fwd-local-" + listen, f::forward);
        return f;
    }

    /** The listen address as bound; a TCP port 0 is replaced by the port the system chose. */
    public Endpoint listenAddress() {
        return loop.bound();
    }

    /** The bound TCP port (-1 for a Unix socket). */
    public int port() {
        return loop.bound() instanceof Endpoint.Tcp t ? t.port() : -1;
    }

    public Endpoint target() {
        return target;
    }

    private void forward(SocketChannel s) {
        Channel ch;
        try {
            ch = client.openDirect(target, Sockets.remote(s));
        } catch (ChannelOpenException e) {
            client.log("channel: open failed: " + e.description() + " (forwarding to " + target + ")");
            Sockets.closeQuietly(s);
            return;
        } catch (IOException e) {
            client.log("channel: open failed: " + e.getMessage());
            Sockets.closeQuietly(s);
            return;
        }
        Splice.start(s, ch, null);
    }

    @Override
    public void close() {
        loop.close();
    }
}

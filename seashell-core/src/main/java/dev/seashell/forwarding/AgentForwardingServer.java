package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ConnectionLayer;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * sshd's half of agent forwarding on one connection: after the first auth-agent-req@openssh.com a
 * Unix socket {@code /tmp/ssh-XXXX/agent.N} listens, and each local connection to it is joined to
 * an auth-agent@openssh.com channel opened back to the client. One socket per connection, as in
 * sshd; it and its directory are removed when the connection ends.
 */
final class AgentForwardingServer implements AutoCloseable {
    static final String CHANNEL_TYPE = "auth-agent@openssh.com";

    private final ConnectionLayer layer;
    private final String owner;
    private final Consumer<String> log;
    private PrivateDir dir;
    private AcceptLoop loop;
    private boolean closed;

    AgentForwardingServer(ConnectionLayer layer, String owner, Consumer<String> log) {
        this.layer = layer;
        this.owner = owner;
        this.log = log;
    }

    /** The socket path, creating the listener on first use. */
    synchronized String socketPath() throws IOException {
        if (closed) throw new IOException("connection closed");
        if (loop != null) return loop.bound().toString();
        dir = PrivateDir.create(owner);
        try {
            Endpoint.Unix path = new Endpoint.Unix(dir.resolve("agent." + ProcessHandle.current().pid()).toString());
            loop = AcceptLoop.listen(path, "agent-listen", this::forward);
            dir.handOver(path.asPath());
            return path.path();
        } catch (IOException | RuntimeException e) {
            if (loop != null) loop.close();
            loop = null;
            dir.close();
            throw e;
        }
    }

    private void forward(SocketChannel s) {
        Channel ch;
        try {
            ch = layer.openChannel(CHANNEL_TYPE, new byte[0], null);
        } catch (IOException e) {
            log.accept("agent forwarding: channel open failed: " + e.getMessage());
            Sockets.closeQuietly(s);
            return;
        }
        Splice.start(s, ch, null);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (loop != null) loop.close();
        if (dir != null) dir.close();
    }
}

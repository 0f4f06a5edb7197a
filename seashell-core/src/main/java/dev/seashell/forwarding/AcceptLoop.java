package dev.seashell.forwarding;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/** Accepts on a listener in a virtual thread and hands each socket to a virtual thread of its own. */
final class AcceptLoop implements AutoCloseable {
    private final ServerSocketChannel listener;
    private final Endpoint bound;
    private volatile boolean closed;

    private AcceptLoop(ServerSocketChannel listener, Endpoint bound) {
        this.listener = listener;
        this.bound = bound;
    }

    /** Starts accepting; {@code handler} may block (it runs on its own virtual thread). */
    static AcceptLoop start(ServerSocketChannel listener, Endpoint bound, String name, Consumer<SocketChannel> handler) {
        AcceptLoop loop = new AcceptLoop(listener, bound);
        Thread.ofVirtual().name(name).start(() -> loop.run(handler));
        return loop;
    }

    private void run(Consumer<SocketChannel> handler) {
        while (!closed) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread.ofVirtual().name("fwd-conn").start(() -> {
                try {
                    handler.accept(s);
                } catch (RuntimeException e) {
                    Sockets.closeQuietly(s);
                }
            });
        }
    }

    /** The bound address: for TCP with the actual port. */
    Endpoint bound() {
        return bound;
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops listening (connections already accepted go on); removes a Unix socket file. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Sockets.closeQuietly(listener);
        Sockets.unlink(bound);
    }

    /** Binds {@code listen} and describes the result with the actual port. */
    static AcceptLoop listen(Endpoint listen, String name, Consumer<SocketChannel> handler) throws IOException {
        ServerSocketChannel ss = Sockets.listen(listen);
        Endpoint bound = switch (listen) {
            case Endpoint.Tcp t -> new Endpoint.Tcp(t.host(), Sockets.localPort(ss));
            case Endpoint.Unix u -> u;
        };
        return start(ss, bound, name, handler);
    }
}

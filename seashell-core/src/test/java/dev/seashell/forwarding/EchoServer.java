package dev.seashell.forwarding;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP or Unix-socket echo server for tests: echoes until EOF, then shuts down its output, so a
 * client sees its own EOF come back only if half-close travelled the whole way.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocketChannel listener;
    final AtomicInteger accepted = new AtomicInteger();

    EchoServer(ServerSocketChannel listener) {
        this.listener = listener;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    static EchoServer tcp(String host) throws IOException {
        return new EchoServer(Sockets.listen(new Endpoint.Tcp(host, 0)));
    }

    static EchoServer unix(String path) throws IOException {
        return new EchoServer(Sockets.listen(new Endpoint.Unix(path)));
    }

    int port() {
        return listener.socket().getLocalPort();
    }

    SocketAddress address() throws IOException {
        return listener.getLocalAddress();
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            Thread.ofVirtual().start(() -> echo(s));
        }
    }

    private static void echo(SocketChannel s) {
        try (s) {
            ByteBuffer b = ByteBuffer.allocate(16 * 1024);
            while (s.read(b) >= 0) {
                b.flip();
                while (b.hasRemaining()) s.write(b);
                b.clear();
            }
            s.shutdownOutput();
            // Wait for the other side to close, so our close is not a reset.
            b.clear();
            while (s.read(b) >= 0) b.clear();
        } catch (IOException ignored) {
            // test peers may reset
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}

package dev.seashell.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Unix-domain socket that echoes what each connection sends, for streamlocal forwarding tests. */
final class UnixEcho implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Path path;

    private UnixEcho(ServerSocketChannel server, Path path) {
        this.server = server;
        this.path = path;
    }

    static UnixEcho start(Path path) throws IOException {
        ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ss.bind(UnixDomainSocketAddress.of(path));
        UnixEcho e = new UnixEcho(ss, path);
        Thread.ofVirtual().start(() -> {
            while (ss.isOpen()) {
                try {
                    SocketChannel c = ss.accept();
                    Thread.ofVirtual().start(() -> {
                        try (c) {
                            ByteBuffer b = ByteBuffer.allocate(8192);
                            while (c.read(b) >= 0) {
                                b.flip();
                                while (b.hasRemaining()) c.write(b);
                                b.clear();
                            }
                        } catch (IOException ignored) {
                            // peer gone
                        }
                    });
                } catch (IOException ex) {
                    return;
                }
            }
        });
        return e;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}

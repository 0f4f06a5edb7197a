package dev.seashell.sftp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** Our client talking to our server over two in-memory pipes, the server on a virtual thread. */
final class InMemorySession implements AutoCloseable {
    final SftpClient client;
    final BytePipe toServer = new BytePipe(1 << 20);
    final BytePipe toClient = new BytePipe(1 << 20);
    final AtomicReference<Throwable> serverFailure = new AtomicReference<>();
    private final Thread server;

    InMemorySession(SftpServer.Options options) throws IOException {
        server = Thread.ofVirtual().name("sftp-server").start(() -> {
            try {
                new SftpServer(options).serve(toServer.in, toClient.out);
            } catch (Throwable t) {
                serverFailure.set(t);
            } finally {
                try {
                    toClient.out.close();
                } catch (IOException ignored) {
                    // BytePipe's close never fails.
                }
            }
        });
        client = new SftpClient(toClient.in, toServer.out, Duration.ofSeconds(30));
    }

    /** Closes the client and waits for the server to see end of input and stop. */
    @Override
    public void close() throws Exception {
        client.close();
        if (!server.join(Duration.ofSeconds(10))) throw new AssertionError("server did not stop");
    }
}

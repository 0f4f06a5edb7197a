package dev.seashell.connection;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client and a server {@link ConnectionLayer} wired back to back as a transport would: each
 * direction is a queue drained by one dedicated "reader" virtual thread calling handle().
 */
final class LayerPair implements AutoCloseable {
    final ConnectionLayer client;
    final ConnectionLayer server;
    private final Pipe toServer;
    private final Pipe toClient;
    /** The first exception a handle() threw, on either side. */
    final AtomicReference<Throwable> protocolError = new AtomicReference<>();

    LayerPair(ConnectionConfig clientConfig, ConnectionConfig serverConfig) {
        toServer = new Pipe("to-server");
        toClient = new Pipe("to-client");
        client = new ConnectionLayer(toServer, clientConfig);
        server = new ConnectionLayer(toClient, serverConfig);
        toServer.start(server, client);
        toClient.start(client, server);
    }

    LayerPair() {
        this(ConnectionConfig.defaults(), ConnectionConfig.defaults());
    }

    /** Message numbers the server has sent so far, in order. */
    List<Integer> sentByServer() {
        return toClient.log;
    }

    @Override
    public void close() {
        toServer.stop();
        toClient.stop();
        IOException end = new IOException("test ended");
        client.transportClosed(end);
        server.transportClosed(end);
    }

    private final class Pipe implements MessageSink {
        private static final byte[] STOP = new byte[0];
        private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
        private final String name;
        final List<Integer> log = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        Pipe(String name) {
            this.name = name;
        }

        void start(ConnectionLayer target, ConnectionLayer sender) {
            Thread.ofVirtual().name(name).start(() -> {
                try {
                    while (true) {
                        byte[] p = queue.take();
                        if (p == STOP) return;
                        try {
                            target.handle(p);
                        } catch (IOException | RuntimeException e) {
                            // as a transport would: disconnect, both sides learn the connection is gone
                            protocolError.compareAndSet(null, e);
                            stopped = true;
                            sender.transportClosed(e);
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @Override
        public void send(byte[] payload) throws IOException {
            if (stopped) throw new IOException("pipe closed");
            log.add(payload[0] & 0xff);
            queue.add(payload);
        }

        void stop() {
            stopped = true;
            queue.add(STOP);
        }
    }
}

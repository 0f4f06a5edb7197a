package dev.seashell.mux;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.IncomingChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The master's side of a proxy-mode mux client: each channel the client opens is opened on the
 * master's own connection and spliced to it, data and EOF both ways, channel requests relayed, and
 * CLOSE passed on. Channel numbers are the master's, so clients never collide.
 *
 * <p>Not relayed: global requests (remote forwarding would need the server's opens routed back to
 * this client), and agent or X11 forwarding requests (for the same reason); they are refused.
 */
final class ProxyRelay {
    private static final Set<String> CHANNEL_TYPES = Set.of("session", "direct-tcpip", "direct-streamlocal@openssh.com");
    private static final Set<String> REFUSED_REQUESTS = Set.of("auth-agent-req@openssh.com", "x11-req");

    private final ConnectionLayer upstream;
    private final Consumer<String> debug;

    ProxyRelay(ConnectionLayer upstream, Consumer<String> debug) {
        this.upstream = upstream;
        this.debug = debug;
    }

    /** Accepts the client's channel opens on {@code downstream} (call before its reader starts). */
    void attach(ConnectionLayer downstream) {
        for (String type : CHANNEL_TYPES) downstream.registerChannelType(type, this::onOpen);
    }

    private void onOpen(IncomingChannel request) {
        request.defer();
        Thread.ofVirtual().name("mux-proxy-open").start(() -> {
            Channel up;
            try {
                up = upstream.openChannel(request.channelType(), request.typeData(), null);
            } catch (ChannelOpenException e) {
                request.reject(e.reasonCode(), e.description());
                return;
            } catch (IOException e) {
                request.reject(ChannelOpenException.CONNECT_FAILED, String.valueOf(e.getMessage()));
                return;
            }
            Channel down;
            try {
                down = request.accept((ch, type, data) -> relayDown(up, type, data));
            } catch (ChannelOpenException e) {
                up.close();
                return;
            }
            debug.accept("mux proxy: " + request.channelType() + " channel " + down.localId() + " -> " + up.localId());
            splice(down, up);
        });
    }

    /**
     * The client's request, passed upstream with want-reply so the client gets the server's answer.
     * This waits on the proxy's own reader thread, which serves this one client only.
     */
    private static boolean relayDown(Channel up, String type, byte[] data) {
        if (REFUSED_REQUESTS.contains(type)) return false;
        try {
            return up.sendRequest(type, true, data, Duration.ofSeconds(30));
        } catch (IOException e) {
            return false;
        }
    }

    /** Pumps both ways; the server's requests (exit-status...) and the final CLOSE go down in order. */
    private static void splice(Channel down, Channel up) {
        ExecutorService control = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("mux-proxy-control").factory());
        up.setRequestHandler((ch, type, data) -> {
            control.execute(() -> {
                try {
                    down.sendRequest(type, false, data, Duration.ofSeconds(30));
                } catch (IOException e) {
                    // the client's side is closed
                }
            });
            return false; // only want-reply-less requests (exit-status, eow) matter to a session
        });
        pump(down.inputStream(), up.outputStream(), true);
        Thread outDown = pump(up.inputStream(), down.outputStream(), false);
        Thread errDown = pump(up.extendedInputStream(), down.extendedOutputStream(), false);
        Thread.ofVirtual().name("mux-proxy-down").start(() -> {
            try {
                outDown.join();
                errDown.join(); // EOF ends both streams: stderr data must not follow it
                control.execute(() -> {
                    try {
                        down.sendEof();
                    } catch (IOException e) {
                        // the client's side is closed
                    }
                });
                up.awaitClosed(null);
            } catch (IOException | InterruptedException e) {
                // fall through: close anyway
            }
            control.execute(down::close);
            control.shutdown();
        });
        Thread.ofVirtual().name("mux-proxy-down-closed").start(() -> {
            try {
                down.awaitClosed(null);
            } catch (IOException e) {
                // fall through
            }
            up.close(); // and stop reading: the server may answer CLOSE only once its command has exited
            up.inputStream().close();
            up.extendedInputStream().close();
        });
    }

    private static Thread pump(InputStream in, OutputStream out, boolean eofAtEnd) {
        return Thread.ofVirtual().name("mux-proxy-pump").start(() -> {
            byte[] buf = new byte[32 * 1024];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) out.write(buf, 0, n);
                if (eofAtEnd) out.close();
            } catch (IOException e) {
                // either side closed
            } finally {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing to do
                }
            }
        });
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code ssh -W host:port}: one direct-tcpip (or direct-streamlocal) channel joined to a pair of
 * streams, normally stdin and stdout. EOF on {@code in} sends channel EOF; the peer's EOF closes
 * {@code out}. Finished when the channel is closed on both sides.
 */
public final class StdioForward implements AutoCloseable {
    private final Channel channel;
    private final AtomicInteger running = new AtomicInteger(2);
    /** Counted down when everything the peer sent has been written to {@code out}. */
    private final java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);

    private StdioForward(Channel channel) {
        this.channel = channel;
    }

    static StdioForward start(ForwardingClient client, Endpoint target, InputStream in, OutputStream out) throws IOException {
        // OpenSSH names the originator as stdio forwarding does: 127.0.0.1 port 65535.
        Channel ch = client.openDirect(target, new InetSocketAddress("127.0.0.1", 65535));
        StdioForward f = new StdioForward(ch);
        Thread.ofVirtual().name("fwd-stdin").start(() -> f.pump(in, ch.outputStream()));
        Thread.ofVirtual().name("fwd-stdout").start(() -> {
            f.pump(ch.inputStream(), out);
            f.delivered.countDown();
        });
        return f;
    }

    private void pump(InputStream from, OutputStream to) {
        try {
            Splice.copy(from, to);
        } catch (IOException e) {
            channel.close();
        }
        if (running.decrementAndGet() == 0) channel.close();
    }

    /**
     * Waits until the forward has ended and all the peer's data has been written to {@code out}
     * (null: forever); returns false on timeout. The channel closing is not enough: its last data
     * may still be on the way to {@code out}.
     */
    public boolean await(Duration timeout) throws InterruptedIOException {
        try {
            if (timeout == null) {
                delivered.await();
                return channel.awaitClosed(null);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            if (!delivered.await(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) return false;
            // The close follows the last data closely; allow it a moment even if the timeout is nearly spent.
            return channel.awaitClosed(Duration.ofNanos(Math.max(1_000_000_000L, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /** Closes the channel (the pump reading {@code in} may stay blocked in its read). */
    @Override
    public void close() {
        channel.close();
    }
}

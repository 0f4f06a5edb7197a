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

    private StdioForward(Channel channel) {
        this.channel = channel;
    }

    static StdioForward start(ForwardingClient client, Endpoint target, InputStream in, OutputStream out) throws IOException {
        // OpenSSH names the originator as stdio forwarding does: 127.0.0.1 port 65535.
        Channel ch = client.openDirect(target, new InetSocketAddress("127.0.0.1", 65535));
        StdioForward f = new StdioForward(ch);
        Thread.ofVirtual().name("fwd-stdin").start(() -> f.pump(in, ch.outputStream()));
        Thread.ofVirtual().name("fwd-stdout").start(() -> f.pump(ch.inputStream(), out));
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

    /** Waits until the forward has ended (null: forever); returns false on timeout. */
    public boolean await(Duration timeout) throws InterruptedIOException {
        return channel.awaitClosed(timeout);
    }

    /** Closes the channel (the pump reading {@code in} may stay blocked in its read). */
    @Override
    public void close() {
        channel.close();
    }
}

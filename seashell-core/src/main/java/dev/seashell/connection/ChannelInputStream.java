package dev.seashell.connection;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * One receiving stream of a channel (data, or stderr extended data). Reads block until data arrives,
 * the peer sends EOF/CLOSE (then -1), the connection fails (then an IOException), or the read
 * timeout passes (then an {@link java.io.InterruptedIOException}). Reading is what opens the window
 * again; {@link #close()} drops further data so an unread stream cannot stall the channel.
 */
public final class ChannelInputStream extends InputStream {
    private final Channel channel;
    private final int stream;
    private volatile Duration timeout;

    ChannelInputStream(Channel channel, int stream) {
        this.channel = channel;
        this.stream = stream;
    }

    /** Limits each read; {@code null} (the default) waits forever. */
    public void setReadTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        int n = channel.inbound().read(stream, b, off, len, Timeouts.deadline(timeout));
        if (n > 0) channel.adjustWindow();
        return n;
    }

    @Override
    public int available() {
        return channel.inbound().available(stream);
    }

    @Override
    public void close() {
        channel.inbound().discard(stream);
        channel.adjustWindow();
    }
}

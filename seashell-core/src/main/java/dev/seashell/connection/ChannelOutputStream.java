package dev.seashell.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sending side of a channel, as data or as extended data of one type. A write is split into
 * packets of at most min(peer's max packet, our max packet, peer's window) and blocks while the
 * peer's window is exhausted. Closing the data stream sends EOF (a half-close: the channel keeps
 * receiving); closing an extended stream only stops it.
 */
public final class ChannelOutputStream extends OutputStream {
    private final Channel channel;
    private final int extendedType; // -1 for plain data
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile Duration timeout;
    private volatile boolean closed;

    ChannelOutputStream(Channel channel, int extendedType) {
        this.channel = channel;
        this.extendedType = extendedType;
    }

    /** Limits the wait for window in each write; {@code null} (the default) waits forever. */
    public void setWriteTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        long deadline = Timeouts.deadline(timeout);
        writeLock.lock(); // one write's packets stay together
        try {
            if (closed) throw new IOException("stream closed");
            while (len > 0) {
                int n = channel.remoteWindow().reserve(Math.min(len, channel.sendPacketLimit()), deadline);
                channel.sendData(extendedType, b, off, n);
                off += n;
                len -= n;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        writeLock.lock();
        try {
            if (closed) return;
            closed = true;
        } finally {
            writeLock.unlock();
        }
        if (extendedType < 0) channel.sendEof();
    }
}

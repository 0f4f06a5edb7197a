package dev.seashell.connection;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The peer's receive window for one channel: how many bytes we may still send. Writers block here
 * until the peer's SSH_MSG_CHANNEL_WINDOW_ADJUST (delivered on the reader thread, which never waits).
 */
final class ChannelWindow {
    private static final long MAX_WINDOW = 0xffffffffL;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grown = lock.newCondition();
    private long available;
    private IOException closed;

    ChannelWindow(long initial) {
        this.available = initial;
    }

    /**
     * Takes between 1 and {@code max} bytes of window, waiting until some is available.
     *
     * @throws IOException once the channel can no longer carry data, or on timeout
     */
    int reserve(int max, long deadline) throws IOException {
        lock.lock();
        try {
            while (available == 0 && closed == null) {
                long left = Timeouts.remaining(deadline, "channel write");
                try {
                    if (left == Long.MAX_VALUE) grown.await();
                    else grown.awaitNanos(left);
                } catch (InterruptedException e) {
                    throw Timeouts.interrupted("channel write");
                }
            }
            if (closed != null) throw new IOException(closed.getMessage(), closed);
            int n = (int) Math.min(max, available);
            available -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Adds the peer's adjustment; a window beyond 2^32-1 is a protocol error (RFC 4254 §5.2). */
    void add(long bytes) throws SshProtocolException {
        lock.lock();
        try {
            if (available + bytes > MAX_WINDOW) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "window adjust overflows the window");
            }
            available += bytes;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails current and future writers with {@code why}; the first reason wins. */
    void close(IOException why) {
        lock.lock();
        try {
            if (closed == null) closed = why;
            grown.signalAll();
        } finally {
            lock.unlock();
        }
    }

    long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** True when a writer would have to wait (test and monitoring aid). */
    boolean hasWaiters() {
        lock.lock();
        try {
            return lock.hasWaiters(grown);
        } finally {
            lock.unlock();
        }
    }
}

package dev.seashell.connection;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The receiving half of a channel: our window, and the buffered data of its two streams (data and
 * stderr extended data), which share that window as RFC 4254 §5.2 requires.
 *
 * <p>Invariant: {@code buffered + windowLeft <= capacity} (twice the window), so a consumer that stops
 * reading never makes memory grow past {@code capacity}. Window adjusts are due once the peer's
 * remaining window has fallen to half and the buffer has room to re-open it by at least half a window
 * ({@link #takeAdjust()}); the reader thread takes them as data arrives, without waiting for a
 * consumer to be scheduled, so the peer keeps sending while the application drains the buffer (the
 * cause of a stalled bulk transfer on a loaded machine). Consumers take adjusts too, after reading
 * from a full buffer. The reader thread only appends under a short lock and never waits.
 */
final class ChannelInbound {
    static final int DATA = 0;
    static final int EXTENDED = 1;

    /** A slice of a received payload, kept without copying: the layer owns payloads it is handed. */
    private static final class Chunk {
        final byte[] bytes;
        int pos;
        final int end;

        Chunk(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }
    }

    private static final class Stream {
        final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        long bytes;
        boolean discarding; // the application closed this stream: drop, but keep the window moving
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final long windowSize;
    private final long capacity;
    private final int maxPacket;
    private final Stream[] streams = {new Stream(), new Stream()};
    private long windowLeft;
    private long highWater;
    private boolean eof;
    private IOException failure;

    ChannelInbound(long windowSize, int maxPacket) {
        this.windowSize = windowSize;
        this.maxPacket = maxPacket;
        this.windowLeft = windowSize;
        this.capacity = 2 * windowSize;
    }

    long windowSize() {
        return windowSize;
    }

    /** The most this channel ever buffers: twice the window (see the class comment). */
    long capacity() {
        return capacity;
    }

    /**
     * Accepts data from the peer (reader thread; never blocks). {@code stream} may be -1 for an
     * extended data type we do not expose: it is counted against the window and dropped.
     *
     * @return bytes for a WINDOW_ADJUST the caller must send now, or 0
     */
    long receive(int stream, byte[] bytes, int off, int len) throws SshProtocolException {
        lock.lock();
        try {
            if (len > maxPacket) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "channel data of " + len + " bytes exceeds max packet " + maxPacket);
            }
            if (len > windowLeft) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR,
                        "channel data of " + len + " bytes exceeds window " + windowLeft);
            }
            windowLeft -= len;
            if (len > 0 && stream >= 0 && !eof && !streams[stream].discarding) {
                Stream s = streams[stream];
                boolean wasEmpty = s.bytes == 0;
                s.chunks.add(new Chunk(bytes, off, off + len));
                s.bytes += len;
                highWater = Math.max(highWater, buffered());
                if (wasEmpty) readable.signalAll(); // a reader waits only on an empty stream
            }
            return takeAdjustLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Reads up to {@code len} bytes, waiting until data, end of stream, failure or the deadline. */
    int read(int stream, byte[] b, int off, int len, long deadline) throws IOException {
        if (len == 0) return 0;
        lock.lock();
        try {
            Stream s = streams[stream];
            while (s.bytes == 0) {
                if (s.discarding || eof) return -1;
                if (failure != null) throw new IOException(failure.getMessage(), failure);
                long left = Timeouts.remaining(deadline, "channel read");
                try {
                    if (left == Long.MAX_VALUE) readable.await();
                    else readable.awaitNanos(left);
                } catch (InterruptedException e) {
                    throw Timeouts.interrupted("channel read");
                }
            }
            int n = 0;
            while (n < len && !s.chunks.isEmpty()) {
                Chunk c = s.chunks.peek();
                int k = Math.min(len - n, c.end - c.pos);
                System.arraycopy(c.bytes, c.pos, b, off + n, k);
                c.pos += k;
                n += k;
                if (c.pos == c.end) s.chunks.poll();
            }
            s.bytes -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    int available(int stream) {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, streams[stream].bytes);
        } finally {
            lock.unlock();
        }
    }

    /** The application stopped reading {@code stream}: drop what is buffered and whatever comes later. */
    void discard(int stream) {
        lock.lock();
        try {
            Stream s = streams[stream];
            s.discarding = true;
            s.bytes = 0;
            s.chunks.clear();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The bytes of a WINDOW_ADJUST to send now, else 0: once the peer's window is down to half, re-open
     * it towards the full window as far as the buffer capacity allows, in steps of at least half a window.
     */
    long takeAdjust() {
        lock.lock();
        try {
            return takeAdjustLocked();
        } finally {
            lock.unlock();
        }
    }

    private long takeAdjustLocked() {
        if (eof) return 0;
        long n = Math.min(windowSize - windowLeft, capacity - buffered() - windowLeft);
        if (n < windowSize / 2 || n <= 0) return 0;
        windowLeft += n;
        return n;
    }

    /** No more data will come (peer EOF or CLOSE): readers drain what is buffered, then see -1. */
    void markEof() {
        lock.lock();
        try {
            eof = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection died: readers drain what is buffered, then get {@code why}. */
    void fail(IOException why) {
        lock.lock();
        try {
            if (failure == null && !eof) failure = why;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private long buffered() {
        return streams[DATA].bytes + streams[EXTENDED].bytes;
    }

    /** Bytes received but not yet read, across both streams. */
    long bufferedBytes() {
        lock.lock();
        try {
            return buffered();
        } finally {
            lock.unlock();
        }
    }

    /** The most that was ever buffered at once (test and monitoring aid). */
    long highWater() {
        lock.lock();
        try {
            return highWater;
        } finally {
            lock.unlock();
        }
    }
}

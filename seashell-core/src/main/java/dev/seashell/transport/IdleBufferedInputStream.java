package dev.seashell.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A read buffer that exists only while data is waiting. An idle SSH connection spends its life
 * blocked in a read; {@link java.io.BufferedInputStream} would hold its whole buffer through that
 * wait (64 KiB x 10,000 idle connections is 640 MiB of heap). Here, when the buffer is drained and
 * the socket has nothing ready, the buffer is dropped and the read goes straight into the caller's
 * array, so a blocked connection holds no buffer at all. While data keeps arriving (bulk transfer)
 * the buffer stays, sized by what the socket had ready, up to {@code max}; reads of at least
 * {@code max} bytes bypass it, as with BufferedInputStream. One reader thread only.
 */
final class IdleBufferedInputStream extends InputStream {
    private static final int MIN = 1024;

    private final InputStream in;
    private final int max;
    private byte[] buf; // null while idle
    private int pos;
    private int count;

    IdleBufferedInputStream(InputStream in, int max) {
        this.in = Objects.requireNonNull(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        if (pos == count && fill() <= 0) {
            byte[] one = new byte[1];
            int n = in.read(one, 0, 1); // nothing ready: block without a buffer
            return n <= 0 ? -1 : one[0] & 0xff;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        if (pos == count) {
            if (len >= max) return in.read(b, off, len);
            if (fill() <= 0) return in.read(b, off, len); // nothing ready: block without a buffer
        }
        int n = Math.min(len, count - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Refills the drained buffer from what the socket has ready, without blocking; returns the bytes
     * buffered, or 0 (buffer dropped) when nothing is ready.
     */
    private int fill() throws IOException {
        pos = 0;
        count = 0;
        int ready = in.available();
        if (ready <= 0) {
            buf = null;
            return 0;
        }
        if (buf == null || buf.length < Math.min(ready, max)) {
            buf = new byte[Math.clamp(Integer.highestOneBit(ready) * 2L, MIN, max)];
        }
        int n = in.read(buf, 0, buf.length);
        if (n > 0) count = n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return pos < count ? count - pos : in.available();
    }

    @Override
    public void close() throws IOException {
        buf = null;
        in.close();
    }
}

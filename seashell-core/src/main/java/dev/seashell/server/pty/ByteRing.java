package dev.seashell.server.pty;

/** A fixed-capacity FIFO of bytes. Not thread-safe: {@link Pty} guards it with its lock. */
final class ByteRing {
    private final byte[] buf;
    private int head;
    private int size;

    ByteRing(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    int free() {
        return buf.length - size;
    }

    /** Appends up to {@code len} bytes; returns how many fitted. */
    int put(byte[] src, int off, int len) {
        int n = Math.min(len, free());
        int tail = (head + size) % buf.length;
        int first = Math.min(n, buf.length - tail);
        System.arraycopy(src, off, buf, tail, first);
        System.arraycopy(src, off + first, buf, 0, n - first);
        size += n;
        return n;
    }

    /** Removes up to {@code len} bytes into {@code dst}; returns how many. */
    int take(byte[] dst, int off, int len) {
        int n = peek(dst, off, len);
        skip(n);
        return n;
    }

    /** Copies up to {@code len} bytes without removing them. */
    int peek(byte[] dst, int off, int len) {
        int n = Math.min(len, size);
        int first = Math.min(n, buf.length - head);
        System.arraycopy(buf, head, dst, off, first);
        System.arraycopy(buf, 0, dst, off + first, n - first);
        return n;
    }

    void skip(int n) {
        head = (head + n) % buf.length;
        size -= n;
    }

    void clear() {
        head = 0;
        size = 0;
    }
}

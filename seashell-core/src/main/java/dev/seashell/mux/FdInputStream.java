package dev.seashell.mux;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads a raw file descriptor with poll(2) + read(2); -1 at EOF. {@link #close()} wakes a blocked
 * reader within a poll interval, and an owned descriptor is closed only once no read is using it,
 * so its number cannot be reused under a reader.
 */
final class FdInputStream extends InputStream {
    private static final int POLL_MILLIS = 200;
    private final int fd;
    private final boolean owned;
    private final ReentrantLock reading = new ReentrantLock();
    private volatile boolean closed;
    private boolean released;

    FdInputStream(int fd, boolean owned) {
        this.fd = fd;
        this.owned = owned;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        reading.lock();
        try {
            while (!closed) {
                if (Posix.pollIn(fd, POLL_MILLIS)) {
                    if (closed) break;
                    int n = Posix.read(fd, b, off, Math.min(len, 64 * 1024));
                    return n == 0 ? -1 : n;
                }
            }
            return -1;
        } finally {
            if (closed) release();
            reading.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        if (reading.tryLock()) {
            try {
                release();
            } finally {
                reading.unlock();
            }
        }
    }

    private void release() {
        if (owned && !released) {
            released = true;
            Posix.close(fd);
        }
    }
}

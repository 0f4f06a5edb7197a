package dev.seashell.mux;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/** Writes a raw file descriptor with write(2). Closing closes the descriptor only if owned. */
final class FdOutputStream extends OutputStream {
    private final int fd;
    private final boolean owned;
    private volatile boolean closed;

    FdOutputStream(int fd, boolean owned) {
        this.fd = fd;
        this.owned = owned;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("closed");
        Posix.write(fd, b, off, len);
    }

    @Override
    public void close() {
        if (owned && !closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}

package dev.seashell.mux;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connected unix-domain stream socket that can also pass file descriptors (SCM_RIGHTS), which
 * {@code java.nio}'s unix channels cannot. Reads block the calling (platform) thread in read(2);
 * {@link #close()} shuts the socket down first so that a blocked reader wakes with EOF.
 */
public final class UnixSocket implements Closeable {
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FdInputStream in;
    private final OutputStream out;

    UnixSocket(int fd) {
        this.fd = fd;
        this.in = new FdInputStream(fd, true); // owns the fd: closed once no read is using it
        this.out = new FdOutputStream(fd, false);
    }

    /**
     * Connects to the socket at {@code path}.
     *
     * @throws java.nio.file.NoSuchFileException if nothing is there
     * @throws java.net.ConnectException if a socket file is there but nobody listens (a stale socket)
     */
    public static UnixSocket connect(Path path) throws IOException {
        int fd = Posix.socket();
        try {
            Posix.connect(fd, path.toString());
            return new UnixSocket(fd);
        } catch (IOException | RuntimeException e) {
            Posix.close(fd);
            throw e;
        }
    }

    /** Two connected sockets (socketpair-like, via a temporary listener), for tests and in-process clients. */
    static UnixSocket[] pair(Path dir) throws IOException {
        Path p = Files.createTempFile(dir, "pair", ".sock");
        Files.delete(p);
        try (Listener l = Listener.bind(p)) {
            UnixSocket a = connect(p);
            return new UnixSocket[] {a, l.accept()};
        }
    }

    public int fd() {
        return fd;
    }

    public InputStream inputStream() {
        return in;
    }

    public OutputStream outputStream() {
        return out;
    }

    /** Passes a duplicate of {@code descriptor} to the peer. */
    public void sendFd(int descriptor) throws IOException {
        Posix.sendFd(fd, descriptor);
    }

    /** Receives one descriptor from the peer; the caller owns (and must close) it. */
    public int receiveFd() throws IOException {
        return Posix.receiveFd(fd);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Posix.shutdown(fd);
            in.close();
        }
    }

    /** A bound, listening unix socket; the file is mode 0600 and removed on close. */
    public static final class Listener implements Closeable {
        private final int fd;
        private volatile Path path;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Listener(int fd, Path path) {
            this.fd = fd;
            this.path = path;
        }

        /** Binds {@code path}; fails if a file is already there (see {@link MuxMaster} for stale-socket handling). */
        public static Listener bind(Path path) throws IOException {
            int fd = Posix.socket();
            try {
                Posix.bind(fd, path.toString());
                Posix.listen(fd, 64);
                return new Listener(fd, path);
            } catch (IOException | RuntimeException e) {
                Posix.close(fd);
                throw e;
            }
        }

        public Path path() {
            return path;
        }

        /** Records that the socket file was moved (linked) to {@code to}; close removes that name. */
        void rename(Path to) {
            path = to;
        }

        /** Blocks for the next connection; throws once the listener is closed. */
        public UnixSocket accept() throws IOException {
            int c = Posix.accept(fd);
            if (closed.get()) {
                Posix.close(c);
                throw new IOException("listener closed");
            }
            return new UnixSocket(c);
        }

        /** Stops listening and removes the socket file (only if it is still ours: same inode is not checked). */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                Posix.shutdown(fd); // wakes a thread blocked in accept(2)
                Posix.close(fd);
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // someone else's now, or gone
                }
            }
        }
    }
}

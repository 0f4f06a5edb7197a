package dev.seashell.mux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.seashell.posix.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;

/**
 * The libc calls a mux control socket needs (Java's unix-domain channels cannot pass descriptors),
 * bound with the foreign-function API. Every call captures errno. Constants and struct layouts are
 * Linux LP64 (amd64, aarch64).
 */
final class Posix {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 02000000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int SHUT_RDWR = 2;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ECONNREFUSED = 111;
    static final long TIOCGWINSZ = 0x5413;
    static final int SUN_PATH_MAX = 108;

    /** struct msghdr on LP64: name, namelen, iov, iovlen, control, controllen, flags. */
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSGHDR_SIZE = 56;
    /** CMSG_SPACE(sizeof(int)) and CMSG_LEN(sizeof(int)) on LP64. */
    private static final long CMSG_SPACE_INT = 24;
    private static final long CMSG_LEN_INT = 20;

    private static final Libc.Symbol SOCKET = new Libc.Symbol("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Symbol BIND = new Libc.Symbol("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Symbol LISTEN = new Libc.Symbol("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Symbol ACCEPT = new Libc.Symbol("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final Libc.Symbol CONNECT = new Libc.Symbol("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Symbol SENDMSG = new Libc.Symbol("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Symbol RECVMSG = new Libc.Symbol("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final Libc.Symbol SHUTDOWN = new Libc.Symbol("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Libc.Symbol UMASK = new Libc.Symbol("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private Posix() {}

    /** Raises errno as the closest Java exception: ENOENT and ECONNREFUSED get their own types. */
    static IOException error(String what, int errno) {
        String message = what + ": " + Libc.strerror(errno);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(message);
            case ECONNREFUSED -> new ConnectException(message);
            default -> new IOException(message);
        };
    }

    private static long check(long rc, MemorySegment state, String what) throws IOException {
        if (rc < 0) throw error(what, errno(state));
        return rc;
    }

    private static int errno(MemorySegment state) {
        return Libc.errno(state);
    }

    private static MemorySegment sockaddr(Arena a, String path) throws IOException {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) throw new IOException("ControlPath too long (" + p.length + " bytes): " + path);
        MemorySegment sa = a.allocate(2 + SUN_PATH_MAX);
        sa.set(JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(p, 0, sa, JAVA_BYTE, 2, p.length);
        return sa;
    }

    static int socket() throws IOException {
        return Libc.call((a, st) -> (int) check((int) SOCKET.handle().invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), st, "socket"));
    }

    /** bind(2) with umask 0177 so the socket file is created mode 0600, as OpenSSH does. */
    static void bind(int fd, String path) throws IOException {
        Libc.call((a, st) -> {
            MemorySegment sa = sockaddr(a, path);
            int old = (int) UMASK.handle().invokeExact(st, 0177);
            int rc;
            try {
                rc = (int) BIND.handle().invokeExact(st, fd, sa, (int) sa.byteSize());
            } finally {
                int ignored = (int) UMASK.handle().invokeExact(Libc.newCallState(a), old);
            }
            check(rc, st, "bind(" + path + ")");
            return null;
        });
    }

    static void listen(int fd, int backlog) throws IOException {
        Libc.call((a, st) -> {
            check((int) LISTEN.handle().invokeExact(st, fd, backlog), st, "listen");
            return null;
        });
    }

    static int accept(int fd) throws IOException {
        return Libc.call((a, st) -> {
            while (true) {
                int rc = (int) ACCEPT.handle().invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (rc >= 0) return rc;
                if (errno(st) != EINTR) throw error("accept", errno(st));
            }
        });
    }

    static void connect(int fd, String path) throws IOException {
        Libc.call((a, st) -> {
            MemorySegment sa = sockaddr(a, path);
            check((int) CONNECT.handle().invokeExact(st, fd, sa, (int) sa.byteSize()), st, "connect(" + path + ")");
            return null;
        });
    }

    /** Reads up to {@code len} bytes; 0 at EOF. Retries EINTR. */
    static int read(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.newCallState(a);
            MemorySegment buf = a.allocate(Math.max(1, len));
            while (true) {
                Libc.Result r = Libc.read(st, fd, buf, len);
                if (!r.failed()) {
                    MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) r.value());
                    return (int) r.value();
                }
                if (r.errno() != EINTR) throw error("read", r.errno());
            }
        }
    }

    /** Writes all of {@code b[off, off+len)}. Retries EINTR and short writes. */
    static void write(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = Libc.newCallState(a);
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                Libc.Result r = Libc.write(st, fd, buf.asSlice(done), len - done);
                if (!r.failed()) done += r.value();
                else if (r.errno() != EINTR) throw error("write", r.errno());
            }
        }
    }

    /** Sends one descriptor with SCM_RIGHTS and one NUL byte of data, as OpenSSH's mm_send_fd. */
    static void sendFd(int socket, int fd) throws IOException {
        Libc.call((a, st) -> {
            MemorySegment data = a.allocate(1);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, 1L);
            MemorySegment cmsg = a.allocate(CMSG_SPACE_INT, 8);
            cmsg.set(JAVA_LONG, 0, CMSG_LEN_INT);
            cmsg.set(JAVA_INT, 8, SOL_SOCKET);
            cmsg.set(JAVA_INT, 12, SCM_RIGHTS);
            cmsg.set(JAVA_INT, 16, fd);
            MemorySegment msg = a.allocate(MSGHDR_SIZE, 8);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, cmsg);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, CMSG_SPACE_INT);
            while (true) {
                long n = (long) SENDMSG.handle().invokeExact(st, socket, msg, MSG_NOSIGNAL);
                if (n == 1) return null;
                if (n == 0 || errno(st) != EINTR) throw n == 0 ? new IOException("sendmsg: nothing sent") : error("sendmsg", errno(st));
            }
        });
    }

    /** Receives one descriptor sent by {@link #sendFd} (or OpenSSH's mm_send_fd), close-on-exec. */
    static int receiveFd(int socket) throws IOException {
        return Libc.call((a, st) -> {
            MemorySegment data = a.allocate(1);
            MemorySegment iov = a.allocate(16, 8);
            iov.set(ADDRESS, 0, data);
            iov.set(JAVA_LONG, 8, 1L);
            MemorySegment cmsg = a.allocate(CMSG_SPACE_INT, 8);
            MemorySegment msg = a.allocate(MSGHDR_SIZE, 8);
            msg.set(ADDRESS, MSG_IOV, iov);
            msg.set(JAVA_LONG, MSG_IOVLEN, 1L);
            msg.set(ADDRESS, MSG_CONTROL, cmsg);
            msg.set(JAVA_LONG, MSG_CONTROLLEN, CMSG_SPACE_INT);
            long n;
            while (true) {
                n = (long) RECVMSG.handle().invokeExact(st, socket, msg, MSG_CMSG_CLOEXEC);
                if (n >= 0 || errno(st) != EINTR) break;
            }
            if (n < 0) throw error("recvmsg", errno(st));
            if (n == 0) throw new java.io.EOFException("recvmsg: peer closed before sending a descriptor");
            long controlLen = msg.get(JAVA_LONG, MSG_CONTROLLEN);
            if (controlLen < CMSG_LEN_INT || cmsg.get(JAVA_LONG, 0) != CMSG_LEN_INT
                    || cmsg.get(JAVA_INT, 8) != SOL_SOCKET || cmsg.get(JAVA_INT, 12) != SCM_RIGHTS) {
                throw new IOException("recvmsg: expected one descriptor (SCM_RIGHTS), got none");
            }
            return cmsg.get(JAVA_INT, 16);
        });
    }

    static void shutdown(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.handle().invokeExact(Libc.newCallState(a), fd, SHUT_RDWR);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        Libc.close(fd);
    }

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    static int[] pipe() throws IOException {
        return Libc.pipe(Libc.O_CLOEXEC);
    }

    static boolean isatty(int fd) {
        return Libc.isatty(fd);
    }

    /** The terminal size of {@code fd} as {rows, columns}, or null when it is not a terminal. */
    static int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8, 2);
            if (Libc.ioctl(fd, TIOCGWINSZ, ws).failed()) return null;
            return new int[] {Short.toUnsignedInt(ws.get(JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(JAVA_SHORT, 2))};
        }
    }

    static boolean kill(long pid, int signal) {
        return !Libc.kill(pid, signal).failed();
    }

    /** Waits up to {@code millis} for {@code fd} to be readable (or hung up, or in error). */
    static boolean pollIn(int fd, int millis) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment pfd = a.allocate(Libc.POLLFD);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, Libc.POLLIN);
            Libc.Result r = Libc.poll(Libc.newCallState(a), pfd, 1, millis);
            if (r.failed()) {
                if (r.errno() == EINTR) return false;
                throw error("poll", r.errno());
            }
            return r.value() > 0;
        }
    }

    /** open(2) with O_CLOEXEC added. */
    static int open(String path, int flags) throws IOException {
        Libc.Result r = Libc.open(path, flags | Libc.O_CLOEXEC);
        if (r.failed()) throw error("open(" + path + ")", r.errno());
        return (int) r.value();
    }

    static void dup2(int from, int to) throws IOException {
        Libc.Result r = Libc.dup2(from, to);
        if (r.failed()) throw error("dup2", r.errno());
    }

    /** setsid(2); false when already a session leader. */
    static boolean setsid() {
        return !Libc.setsid().failed();
    }
}

package dev.seashell.mux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
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

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));


    /**
     * The bound functions, each linked on first use: linking all of them up front costs a cold
     * {@code ssh -S} a few hundred milliseconds.
     */
    private enum Fn {
        SOCKET("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
        BIND("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
        LISTEN("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
        ACCEPT("accept4", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT)),
        CONNECT("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
        SENDMSG("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)),
        RECVMSG("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT)),
        READ("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)),
        WRITE("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)),
        SHUTDOWN("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
        CLOSE("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        UMASK("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        PIPE("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
        ISATTY("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        IOCTL("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2)),
        POLL("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT)),
        OPEN("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2)),
        DUP2("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
        SETSID("setsid", FunctionDescriptor.of(JAVA_INT)),
        KILL("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

        private final String symbol;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] extra;
        private volatile MethodHandle handle;

        Fn(String symbol, FunctionDescriptor descriptor, Linker.Option... extra) {
            this.symbol = symbol;
            this.descriptor = descriptor;
            this.extra = extra;
        }

        MethodHandle h() {
            MethodHandle m = handle;
            if (m == null) handle = m = bind(symbol, descriptor, extra);
            return m;
        }
    }

    private Posix() {}

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(extra, 0, opts, 1, extra.length);
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError(name)), fd, opts);
    }

    /** Raises errno as the closest Java exception: ENOENT and ECONNREFUSED get their own types. */
    static IOException error(String what, int errno) {
        String message = what + ": " + strerror(errno);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(message);
            case ECONNREFUSED -> new ConnectException(message);
            default -> new IOException(message);
        };
    }

    static String strerror(int errno) {
        try {
            MethodHandle strerror = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));
            return ((MemorySegment) strerror.invokeExact(errno)).reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static long check(long rc, MemorySegment state, String what) throws IOException {
        if (rc < 0) throw error(what, (int) ERRNO.get(state, 0L));
        return rc;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
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
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return (int) check((int) Fn.SOCKET.h().invokeExact(st, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), st, "socket");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** bind(2) with umask 0177 so the socket file is created mode 0600, as OpenSSH does. */
    static void bind(int fd, String path) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment sa = sockaddr(a, path);
            int old = (int) Fn.UMASK.h().invokeExact(st, 0177);
            int rc;
            try {
                rc = (int) Fn.BIND.h().invokeExact(st, fd, sa, (int) sa.byteSize());
            } finally {
                int ignored = (int) Fn.UMASK.h().invokeExact(a.allocate(CAPTURE), old);
            }
            check(rc, st, "bind(" + path + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void listen(int fd, int backlog) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check((int) Fn.LISTEN.h().invokeExact(st, fd, backlog), st, "listen");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static int accept(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            while (true) {
                int rc = (int) Fn.ACCEPT.h().invokeExact(st, fd, MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC);
                if (rc >= 0) return rc;
                if (errno(st) != EINTR) throw error("accept", errno(st));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void connect(int fd, String path) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment sa = sockaddr(a, path);
            check((int) Fn.CONNECT.h().invokeExact(st, fd, sa, (int) sa.byteSize()), st, "connect(" + path + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reads up to {@code len} bytes; 0 at EOF. Retries EINTR. */
    static int read(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(Math.max(1, len));
            while (true) {
                long n = (long) Fn.READ.h().invokeExact(st, fd, buf, (long) len);
                if (n >= 0) {
                    MemorySegment.copy(buf, JAVA_BYTE, 0, b, off, (int) n);
                    return (int) n;
                }
                if (errno(st) != EINTR) throw error("read", errno(st));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Writes all of {@code b[off, off+len)}. Retries EINTR and short writes. */
    static void write(int fd, byte[] b, int off, int len) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(Math.max(1, len));
            MemorySegment.copy(b, off, buf, JAVA_BYTE, 0, len);
            long done = 0;
            while (done < len) {
                long n = (long) Fn.WRITE.h().invokeExact(st, fd, buf.asSlice(done), len - done);
                if (n >= 0) done += n;
                else if (errno(st) != EINTR) throw error("write", errno(st));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sends one descriptor with SCM_RIGHTS and one NUL byte of data, as OpenSSH's mm_send_fd. */
    static void sendFd(int socket, int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
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
                long n = (long) Fn.SENDMSG.h().invokeExact(st, socket, msg, MSG_NOSIGNAL);
                if (n == 1) return;
                if (n == 0 || errno(st) != EINTR) throw n == 0 ? new IOException("sendmsg: nothing sent") : error("sendmsg", errno(st));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Receives one descriptor sent by {@link #sendFd} (or OpenSSH's mm_send_fd), close-on-exec. */
    static int receiveFd(int socket) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
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
                n = (long) Fn.RECVMSG.h().invokeExact(st, socket, msg, MSG_CMSG_CLOEXEC);
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
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void shutdown(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) Fn.SHUTDOWN.h().invokeExact(a.allocate(CAPTURE), fd, SHUT_RDWR);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            int ignored = (int) Fn.CLOSE.h().invokeExact(a.allocate(CAPTURE), fd);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** pipe2(O_CLOEXEC): {read end, write end}. */
    static int[] pipe() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            check((int) Fn.PIPE.h().invokeExact(st, fds, 02000000), st, "pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static boolean isatty(int fd) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Fn.ISATTY.h().invokeExact(a.allocate(CAPTURE), fd) == 1;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The terminal size of {@code fd} as {rows, columns}, or null when it is not a terminal. */
    static int[] windowSize(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(8, 2);
            int rc = (int) Fn.IOCTL.h().invokeExact(a.allocate(CAPTURE), fd, TIOCGWINSZ, ws);
            if (rc < 0) return null;
            return new int[] {Short.toUnsignedInt(ws.get(JAVA_SHORT, 0)), Short.toUnsignedInt(ws.get(JAVA_SHORT, 2))};
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static boolean kill(long pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            return (int) Fn.KILL.h().invokeExact(a.allocate(CAPTURE), Math.toIntExact(pid), signal) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Waits up to {@code millis} for {@code fd} to be readable (or hung up, or in error). */
    static boolean pollIn(int fd, int millis) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment pfd = a.allocate(8, 4);
            pfd.set(JAVA_INT, 0, fd);
            pfd.set(JAVA_SHORT, 4, (short) 0x1); // POLLIN
            int rc = (int) Fn.POLL.h().invokeExact(st, pfd, 1L, millis);
            if (rc < 0) {
                if (errno(st) == EINTR) return false;
                throw error("poll", errno(st));
            }
            return rc > 0;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** open(2) with O_CLOEXEC added. */
    static int open(String path, int flags) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return (int) check((int) Fn.OPEN.h().invokeExact(st, a.allocateFrom(path), flags | 02000000), st, "open(" + path + ")");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    static void dup2(int from, int to) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            check((int) Fn.DUP2.h().invokeExact(st, from, to), st, "dup2");
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** setsid(2); false when already a session leader. */
    static boolean setsid() {
        try (Arena a = Arena.ofConfined()) {
            return (int) Fn.SETSID.h().invokeExact(a.allocate(CAPTURE)) >= 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

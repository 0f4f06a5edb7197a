package dev.seashell.server.pty;

import static java.lang.foreign.ValueLayout.ADDRESS;
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

/**
 * The handful of Linux glibc calls a pseudo-terminal needs, bound through the foreign-function API.
 * Every call captures {@code errno}, so failures report the real cause. Constants are the Linux values.
 */
final class Libc {
    static final int O_RDWR = 02;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;

    static final long TIOCSWINSZ = 0x5414;
    static final int TCSANOW = 0;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    /** struct pollfd { int fd; short events; short revents; }. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final MethodHandle POSIX_OPENPT = bind("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle GRANTPT = bind("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle UNLOCKPT = bind("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle PTSNAME_R =
            bind("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ =
            bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE =
            bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL =
            bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle PIPE2 = bind("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle IOCTL_PTR = bind("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle TCGETATTR =
            bind("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle TCSETATTR =
            bind("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle KILL = bind("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LIBC.find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = ERRNO_OPT;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc lacks " + name));
        return LINKER.downcallHandle(sym, fd, opts);
    }

    /** True on the platforms whose termios/ioctl layout this package hard-codes. */
    static boolean supported() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        return os.equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** A native call's result plus the errno captured right after it. */
    record Result(long value, int errno) {
        boolean failed() {
            return value < 0;
        }

        long orThrow(String what) throws IOException {
            if (value < 0) {
                throw error(what, errno);
            }
            return value;
        }
    }

    static IOException error(String what, int errno) {
        return new IOException(what + " failed: " + strerror(errno) + " (errno " + errno + ")");
    }

    static String strerror(int errno) {
        try {
            MemorySegment p = (MemorySegment) STRERROR.invokeExact(errno);
            return p.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "error";
        }
    }

    private static Result result(long value, MemorySegment state) {
        return new Result(value, value < 0 ? (int) ERRNO.get(state, 0L) : 0);
    }

    static Result posixOpenpt(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) POSIX_OPENPT.invokeExact(st, flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result grantpt(int fd) {
        return intCall(GRANTPT, fd);
    }

    static Result unlockpt(int fd) {
        return intCall(UNLOCKPT, fd);
    }

    static Result close(int fd) {
        return intCall(CLOSE, fd);
    }

    private static Result intCall(MethodHandle h, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) h.invokeExact(st, fd), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static String ptsname(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(128);
            int rc = (int) PTSNAME_R.invokeExact(st, fd, buf, 128L);
            // ptsname_r returns the error number itself rather than -1.
            if (rc != 0) {
                throw error("ptsname_r", rc);
            }
            return buf.getString(0);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) OPEN.invokeExact(st, a.allocateFrom(path), flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(2) into {@code buf}, using {@code state} (a {@link #newCallState} segment) for errno. */
    static Result read(MemorySegment state, int fd, MemorySegment buf, long len) {
        try {
            return result((long) READ.invokeExact(state, fd, buf, len), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result write(MemorySegment state, int fd, MemorySegment buf, long len) {
        try {
            return result((long) WRITE.invokeExact(state, fd, buf, len), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result poll(MemorySegment state, MemorySegment fds, long nfds, int timeoutMs) {
        try {
            return result((int) POLL.invokeExact(state, fds, nfds, timeoutMs), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** pipe2(O_CLOEXEC|O_NONBLOCK): returns {read end, write end}. */
    static int[] pipe() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            result((int) PIPE2.invokeExact(st, fds, O_CLOEXEC | O_NONBLOCK), st).orThrow("pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result ioctl(int fd, long request, MemorySegment arg) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) IOCTL_PTR.invokeExact(st, fd, request, arg), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result tcgetattr(int fd, MemorySegment termios) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) TCGETATTR.invokeExact(st, fd, termios), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result tcsetattr(int fd, int action, MemorySegment termios) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) TCSETATTR.invokeExact(st, fd, action, termios), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static Result kill(long pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) KILL.invokeExact(st, Math.toIntExact(pid), signal), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A reusable errno capture segment for hot-path calls. */
    static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}

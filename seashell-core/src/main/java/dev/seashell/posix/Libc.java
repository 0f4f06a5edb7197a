package dev.seashell.posix;

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
 * The Linux glibc calls Seashell binds through the foreign-function API (pseudo-terminals in
 * {@code server.pty}, control sockets and descriptors in {@code mux}): one place for the linking,
 * the errno capture and the error text. Internal: not an API. Every call captures {@code errno};
 * each function is linked on first use (linking all up front costs a cold {@code ssh -S} a few
 * hundred milliseconds). Constants and layouts are Linux LP64 (amd64, aarch64).
 */
public final class Libc {
    public static final int O_RDWR = 02;
    public static final int O_NOCTTY = 0400;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;

    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;

    public static final long TIOCSWINSZ = 0x5414;
    public static final int TCSANOW = 0;

    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    /** struct pollfd { int fd; short events; short revents; }. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    public static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");

    private static final Symbol POSIX_OPENPT = new Symbol("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Symbol GRANTPT = new Symbol("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Symbol UNLOCKPT = new Symbol("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Symbol PTSNAME_R = new Symbol("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Symbol OPEN = new Symbol("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final Symbol CLOSE = new Symbol("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Symbol READ = new Symbol("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Symbol WRITE = new Symbol("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final Symbol POLL = new Symbol("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final Symbol PIPE2 = new Symbol("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final Symbol IOCTL_PTR = new Symbol("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final Symbol TCGETATTR = new Symbol("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final Symbol TCSETATTR = new Symbol("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final Symbol KILL = new Symbol("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Symbol ISATTY = new Symbol("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final Symbol DUP2 = new Symbol("dup2", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final Symbol SETSID = new Symbol("setsid", FunctionDescriptor.of(JAVA_INT));
    private static final Symbol STRERROR = new Symbol("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** One libc function, linked (with errno capture) on first use. */
    public static final class Symbol {
        private final String name;
        private final FunctionDescriptor descriptor;
        private final Linker.Option[] extra;
        private volatile MethodHandle handle;

        public Symbol(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
            this.name = name;
            this.descriptor = descriptor;
            this.extra = extra.clone();
        }

        /** The downcall handle; its first parameter is the errno capture segment ({@link #newCallState}). */
        public MethodHandle handle() {
            MethodHandle m = handle;
            if (m == null) handle = m = bind(name, descriptor, extra);
            return m;
        }
    }

    private Libc() {}

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
        Linker.Option[] opts = new Linker.Option[extra.length + 1];
        opts[0] = ERRNO_OPT;
        System.arraycopy(extra, 0, opts, 1, extra.length);
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc lacks " + name));
        return LINKER.downcallHandle(sym, fd, opts);
    }

    /** True on the platforms whose termios/ioctl layout this package hard-codes. */
    public static boolean supported() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        return os.equals("Linux") && (arch.equals("amd64") || arch.equals("x86_64") || arch.equals("aarch64"));
    }

    /** A native call's result plus the errno captured right after it. */
    public record Result(long value, int errno) {
        public boolean failed() {
            return value < 0;
        }

        public long orThrow(String what) throws IOException {
            if (value < 0) {
                throw error(what, errno);
            }
            return value;
        }
    }

    public static IOException error(String what, int errno) {
        return new IOException(what + " failed: " + strerror(errno) + " (errno " + errno + ")");
    }

    public static String strerror(int errno) {
        try {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment p = (MemorySegment) STRERROR.handle().invokeExact(a.allocate(CAPTURE), errno);
                return p.reinterpret(256).getString(0);
            }
        } catch (Throwable t) {
            return "error";
        }
    }

    /** The errno a call captured into {@code state}. */
    public static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** A call's return value with, when it failed, the errno it captured into {@code state}. */
    public static Result result(long value, MemorySegment state) {
        return new Result(value, value < 0 ? (int) ERRNO.get(state, 0L) : 0);
    }

    public static Result posixOpenpt(int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) POSIX_OPENPT.handle().invokeExact(st, flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result grantpt(int fd) {
        return intCall(GRANTPT.handle(), fd);
    }

    public static Result unlockpt(int fd) {
        return intCall(UNLOCKPT.handle(), fd);
    }

    public static Result close(int fd) {
        return intCall(CLOSE.handle(), fd);
    }

    private static Result intCall(MethodHandle h, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) h.invokeExact(st, fd), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static String ptsname(int fd) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(128);
            int rc = (int) PTSNAME_R.handle().invokeExact(st, fd, buf, 128L);
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

    public static Result open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) OPEN.handle().invokeExact(st, a.allocateFrom(path), flags), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** read(2) into {@code buf}, using {@code state} (a {@link #newCallState} segment) for errno. */
    public static Result read(MemorySegment state, int fd, MemorySegment buf, long len) {
        try {
            return result((long) READ.handle().invokeExact(state, fd, buf, len), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result write(MemorySegment state, int fd, MemorySegment buf, long len) {
        try {
            return result((long) WRITE.handle().invokeExact(state, fd, buf, len), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result poll(MemorySegment state, MemorySegment fds, long nfds, int timeoutMs) {
        try {
            return result((int) POLL.handle().invokeExact(state, fds, nfds, timeoutMs), state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** pipe2 with {@code flags} (O_CLOEXEC, O_NONBLOCK): returns {read end, write end}. */
    public static int[] pipe(int flags) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            MemorySegment fds = a.allocate(JAVA_INT, 2);
            result((int) PIPE2.handle().invokeExact(st, fds, flags), st).orThrow("pipe2");
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static boolean isatty(int fd) {
        return intCall(ISATTY.handle(), fd).value() == 1;
    }

    public static Result dup2(int from, int to) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) DUP2.handle().invokeExact(st, from, to), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result setsid() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) SETSID.handle().invokeExact(st), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result ioctl(int fd, long request, MemorySegment arg) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) IOCTL_PTR.handle().invokeExact(st, fd, request, arg), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result tcgetattr(int fd, MemorySegment termios) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) TCGETATTR.handle().invokeExact(st, fd, termios), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result tcsetattr(int fd, int action, MemorySegment termios) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) TCSETATTR.handle().invokeExact(st, fd, action, termios), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static Result kill(long pid, int signal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CAPTURE);
            return result((int) KILL.handle().invokeExact(st, Math.toIntExact(pid), signal), st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A reusable errno capture segment for hot-path calls. */
    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** For a downcall's {@code catch (Throwable)}: unchecked as they are, anything else wrapped. */
    /** A native call's body: given a confined arena and an errno capture segment ({@link #newCallState}). */
    @FunctionalInterface
    public interface Call<T> {
        T run(Arena arena, MemorySegment state) throws Throwable;
    }

    /**
     * Runs {@code body} in a confined arena with a fresh errno capture segment. Downcall handles are
     * declared to throw Throwable; this lets IOExceptions and unchecked ones through and wraps the rest.
     */
    public static <T> T call(Call<T> body) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            return body.run(a, newCallState(a));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}

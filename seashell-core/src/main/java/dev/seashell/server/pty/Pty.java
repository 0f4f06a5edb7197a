package dev.seashell.server.pty;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.seashell.posix.Libc;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Linux pseudo-terminal pair, opened through libc with the foreign-function API.
 *
 * <p>The master side is served by one platform thread that polls the master and a wake-up pipe and moves
 * bytes between the fd and two bounded buffers. Callers only ever block on a {@link Condition}, never in
 * native code, so the streams are safe to use from virtual threads and {@link #close()} unblocks every
 * pending read and write at once. EIO on the master (every slave descriptor closed, e.g. the child
 * exited) reads as end of stream.
 *
 * <p>The slave stays open in this process until {@link #closeSlave()} (which {@link PtyProcess} calls once
 * the child holds it), so output is not lost before the child starts.
 */
public final class Pty implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    private static final int CHUNK = 16 * 1024;

    private final int master;
    private final String slavePath;
    private final int wakeRead;
    private final int wakeWrite;
    private int slave;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ByteRing in = new ByteRing(BUFFER);
    private final ByteRing out = new ByteRing(BUFFER);
    private boolean eof;
    private boolean broken;
    private boolean closed;
    private boolean fdsReleased;
    private final Thread pump;

    private Pty(int master, String slavePath, int slave, int[] wake) {
        this.master = master;
        this.slavePath = slavePath;
        this.slave = slave;
        this.wakeRead = wake[0];
        this.wakeWrite = wake[1];
        this.pump = Thread.ofPlatform().daemon().name("pty-io " + slavePath).unstarted(this::pumpLoop);
    }

    /** Opens a new master/slave pair ({@code posix_openpt}, {@code grantpt}, {@code unlockpt}). */
    public static Pty open() throws IOException {
        if (!Libc.supported()) {
            throw new IOException("pseudo-terminals need Linux on x86_64 or aarch64");
        }
        int master = (int) Libc.posixOpenpt(Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_NONBLOCK | Libc.O_CLOEXEC)
                .orThrow("posix_openpt");
        int slave = -1;
        try {
            Libc.grantpt(master).orThrow("grantpt");
            Libc.unlockpt(master).orThrow("unlockpt");
            String path = Libc.ptsname(master);
            slave = (int) Libc.open(path, Libc.O_RDWR | Libc.O_NOCTTY | Libc.O_CLOEXEC).orThrow("open " + path);
            Pty pty = new Pty(master, path, slave, Libc.pipe(Libc.O_CLOEXEC | Libc.O_NONBLOCK));
            pty.pump.start();
            return pty;
        } catch (IOException | RuntimeException e) {
            if (slave >= 0) {
                Libc.close(slave);
            }
            Libc.close(master);
            throw e;
        }
    }

    /** Decodes a pty-req "encoded terminal modes" string; see {@link TerminalModes#decode}. */
    public static Map<Integer, Integer> decodeModes(byte[] encoded) throws SshFormatException {
        return TerminalModes.decode(encoded);
    }

    /** The slave device, e.g. {@code /dev/pts/3}. */
    public String slavePath() {
        return slavePath;
    }

    /** Output of the program on the terminal; end of stream once every slave descriptor is closed. */
    public InputStream inputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return Pty.this.read(b, off, len, null);
            }

            @Override
            public int available() {
                lock.lock();
                try {
                    return in.size();
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void close() {
                Pty.this.close();
            }
        };
    }

    /** Keyboard input to the terminal. Bytes are queued and written by the I/O thread; flush is a no-op. */
    public OutputStream outputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Pty.this.write(b, off, len);
            }

            @Override
            public void close() {
                Pty.this.close();
            }
        };
    }

    /**
     * Reads terminal output, waiting at most {@code timeout} ({@code null}: indefinitely).
     *
     * @return bytes read, 0 if the timeout passed first, or -1 at end of stream or after close
     */
    public int read(byte[] b, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long nanos = timeout == null ? Long.MAX_VALUE : timeout.toNanos();
        lock.lock();
        try {
            while (in.size() == 0 && !eof && !closed) {
                if (timeout == null) {
                    changed.await();
                } else if (nanos <= 0) {
                    return 0;
                } else {
                    nanos = changed.awaitNanos(nanos);
                }
            }
            if (in.size() == 0) {
                return -1;
            }
            boolean wasFull = in.free() == 0;
            int n = in.take(b, off, len);
            if (wasFull) {
                wake();
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted reading " + slavePath);
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            while (len > 0) {
                if (closed || broken) {
                    throw new IOException("pty " + slavePath + (closed ? " is closed" : " has hung up"));
                }
                boolean wasEmpty = out.size() == 0;
                int n = out.put(b, off, len);
                off += n;
                len -= n;
                if (n > 0 && wasEmpty) {
                    wake();
                }
                if (len > 0) {
                    changed.await();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted writing " + slavePath);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets the window size (TIOCSWINSZ); the kernel sends SIGWINCH to the foreground process group.
     * Arguments follow the SSH "window-change" order and are clamped to the kernel's 16-bit fields.
     */
    public void resize(int cols, int rows, int widthPx, int heightPx) throws IOException {
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(JAVA_SHORT, 4);
            ws.setAtIndex(JAVA_SHORT, 0, clamp16(rows));
            ws.setAtIndex(JAVA_SHORT, 1, clamp16(cols));
            ws.setAtIndex(JAVA_SHORT, 2, clamp16(widthPx));
            ws.setAtIndex(JAVA_SHORT, 3, clamp16(heightPx));
            Libc.ioctl(controlFd(), Libc.TIOCSWINSZ, ws).orThrow("ioctl(TIOCSWINSZ)");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies RFC 4254 §8 terminal modes (opcode → value, as from {@link #decodeModes}) with tcgetattr and
     * tcsetattr; modes not mentioned keep their current values.
     */
    public void applyModes(Map<Integer, Integer> sshModes) throws IOException {
        lock.lock();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment termios = a.allocate(TerminalModes.TERMIOS);
            int fd = controlFd();
            Libc.tcgetattr(fd, termios).orThrow("tcgetattr");
            TerminalModes.apply(sshModes, termios);
            Libc.tcsetattr(fd, Libc.TCSANOW, termios).orThrow("tcsetattr");
        } finally {
            lock.unlock();
        }
    }

    /** The slave while this process holds it; otherwise the master (Linux forwards termios ioctls). */
    private int controlFd() throws IOException {
        if (closed) {
            throw new IOException("pty " + slavePath + " is closed");
        }
        return slave >= 0 ? slave : master;
    }

    private static short clamp16(int v) {
        return (short) Math.clamp(v, 0, 0xffff);
    }

    /** Releases this process's slave descriptor, so the master sees EOF once the child's copies close. */
    void closeSlave() {
        lock.lock();
        try {
            if (slave >= 0) {
                Libc.close(slave);
                slave = -1;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the master (the kernel hangs up the slave: SIGHUP to its session) and unblocks every pending
     * read (which then returns -1) and write (which throws). Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
            wake();
        } finally {
            lock.unlock();
        }
        boolean stopped;
        try {
            stopped = pump.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = false;
        }
        // Closing fds the I/O thread might still poll would risk hitting a reused number: leak instead.
        if (stopped) {
            releaseFds();
        }
    }

    private void releaseFds() {
        lock.lock();
        try {
            if (fdsReleased) {
                return;
            }
            fdsReleased = true;
            if (slave >= 0) {
                Libc.close(slave);
                slave = -1;
            }
            Libc.close(master);
            Libc.close(wakeRead);
            Libc.close(wakeWrite);
        } finally {
            lock.unlock();
        }
    }

    /** Nudges the I/O thread out of poll (caller holds the lock); a full pipe means it is already nudged. */
    private void wake() {
        if (fdsReleased) {
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            Libc.write(Libc.newCallState(a), wakeWrite, a.allocateFrom(JAVA_INT, 1), 1);
        }
    }

    private void pumpLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.newCallState(arena);
            MemorySegment fds = arena.allocate(Libc.POLLFD, 2);
            MemorySegment io = arena.allocate(CHUNK);
            byte[] chunk = new byte[CHUNK];
            while (true) {
                boolean wantIn;
                boolean wantOut;
                lock.lock();
                try {
                    if (closed) {
                        return;
                    }
                    wantIn = !eof && in.free() > 0;
                    wantOut = !broken && out.size() > 0;
                } finally {
                    lock.unlock();
                }
                short events = (short) ((wantIn ? Libc.POLLIN : 0) | (wantOut ? Libc.POLLOUT : 0));
                // fd -1 makes poll skip the master, so a hung-up master cannot spin us.
                fds.set(JAVA_INT, 0, events != 0 ? master : -1);
                fds.set(JAVA_SHORT, 4, events);
                fds.set(JAVA_SHORT, 6, (short) 0);
                fds.set(JAVA_INT, 8, wakeRead);
                fds.set(JAVA_SHORT, 12, Libc.POLLIN);
                fds.set(JAVA_SHORT, 14, (short) 0);
                Libc.Result polled = Libc.poll(state, fds, 2, -1);
                if (polled.failed()) {
                    if (polled.errno() == Libc.EINTR) {
                        continue;
                    }
                    fail();
                    return;
                }
                if (fds.get(JAVA_SHORT, 14) != 0) {
                    while (Libc.read(state, wakeRead, io, CHUNK).value() > 0) {
                        // drain the wake-up pipe
                    }
                }
                short revents = fds.get(JAVA_SHORT, 6);
                if ((revents & Libc.POLLNVAL) != 0) {
                    fail();
                    return;
                }
                short ready = (short) (Libc.POLLIN | Libc.POLLHUP | Libc.POLLERR);
                if (wantIn && (revents & ready) != 0) {
                    pumpIn(state, io, chunk);
                }
                if (wantOut && (revents & (Libc.POLLOUT | Libc.POLLHUP | Libc.POLLERR)) != 0) {
                    pumpOut(state, io, chunk);
                }
            }
        } catch (RuntimeException | Error e) {
            fail();
            throw e;
        }
    }

    private void pumpIn(MemorySegment state, MemorySegment io, byte[] chunk) {
        int room;
        lock.lock();
        try {
            room = Math.min(in.free(), CHUNK);
        } finally {
            lock.unlock();
        }
        Libc.Result r = Libc.read(state, master, io, room);
        if (r.failed() && (r.errno() == Libc.EAGAIN || r.errno() == Libc.EINTR)) {
            return;
        }
        int n = (int) Math.max(r.value(), 0);
        MemorySegment.copy(io, JAVA_BYTE, 0, chunk, 0, n);
        lock.lock();
        try {
            if (n > 0) {
                in.put(chunk, 0, n);
            } else {
                // 0 or EIO: no slave descriptor is left open, so nothing more can arrive.
                eof = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void pumpOut(MemorySegment state, MemorySegment io, byte[] chunk) {
        int n;
        lock.lock();
        try {
            n = out.peek(chunk, 0, CHUNK);
        } finally {
            lock.unlock();
        }
        MemorySegment.copy(chunk, 0, io, JAVA_BYTE, 0, n);
        Libc.Result r = Libc.write(state, master, io, n);
        if (r.failed() && (r.errno() == Libc.EAGAIN || r.errno() == Libc.EINTR)) {
            return;
        }
        lock.lock();
        try {
            if (r.failed()) {
                broken = true;
                out.clear();
            } else {
                out.skip((int) r.value());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail() {
        lock.lock();
        try {
            eof = true;
            broken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

}

package dev.seashell.mux;

import dev.seashell.client.SshClient;
import dev.seashell.connection.Channel;
import dev.seashell.connection.ClientSession;
import dev.seashell.mux.MuxMessage.AliveCheck;
import dev.seashell.mux.MuxMessage.CloseForward;
import dev.seashell.mux.MuxMessage.Forward;
import dev.seashell.mux.MuxMessage.NewSession;
import dev.seashell.mux.MuxMessage.NewStdioFwd;
import dev.seashell.mux.MuxMessage.OpenForward;
import dev.seashell.wire.SshWriter;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A ControlMaster: shares one authenticated {@link SshClient} with mux clients (OpenSSH's ssh or
 * Seashell's) over a unix socket speaking PROTOCOL.mux version 4. Passenger sessions get the
 * client's own stdin/stdout/stderr descriptors; stdio forwardings (-W) and proxy-mode clients
 * (-O proxy) are served too.
 */
public final class MuxMaster implements AutoCloseable {
    /** Port forwarding for MUX_C_OPEN_FWD / MUX_C_CLOSE_FWD; returns the allocated remote port for -R 0, else 0. */
    public interface Forwarder {
        int open(Forward forward) throws IOException;

        void close(Forward forward) throws IOException;
    }

    /**
     * How the master behaves.
     *
     * @param forwarder null: forwarding requests are refused with MUX_S_FAILURE
     * @param confirm null: allow everything; else asked before each session, forward and terminate (ControlMaster ask)
     */
    public record Options(Path path, Consumer<String> debug, Forwarder forwarder, Predicate<String> confirm) {
        public Options {
            Objects.requireNonNull(path);
            if (debug == null) debug = s -> { };
        }

        public static Options of(Path path) {
            return new Options(path, null, null, null);
        }
    }

    private final SshClient client;
    private final Options options;
    private final UnixSocket.Listener listener;
    private final Set<UnixSocket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Passenger> aboard = ConcurrentHashMap.newKeySet();
    private final AtomicInteger sessionIds = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int passengers;
    private long idleSince = System.nanoTime();
    private boolean terminated;
    private volatile boolean listening = true;

    private MuxMaster(SshClient client, Options options, UnixSocket.Listener listener) {
        this.client = client;
        this.options = options;
        this.listener = listener;
    }

    /**
     * Listens on {@code options.path()} (mode 0600). A stale socket (nobody accepting) is replaced; a
     * live one is left alone and this throws {@link FileAlreadyExistsException}.
     */
    public static MuxMaster start(SshClient client, Options options) throws IOException {
        UnixSocket.Listener l = bindAtomically(options.path(), options.debug());
        MuxMaster m = new MuxMaster(client, options, l);
        Thread.ofPlatform().daemon().name("mux-accept").start(m::acceptLoop);
        Thread.ofVirtual().name("mux-watch").start(() -> {
            try {
                client.awaitClose();
            } catch (IOException e) {
                // interrupted: fall through and shut down
            }
            m.terminate();
        });
        return m;
    }

    /** As OpenSSH: bind a temporary name, then link it into place so no client sees an unready socket. */
    private static UnixSocket.Listener bindAtomically(Path path, Consumer<String> debug) throws IOException {
        Path temp = path.resolveSibling(path.getFileName() + "." + Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36));
        UnixSocket.Listener l = UnixSocket.Listener.bind(temp);
        try {
            try {
                Files.createLink(path, temp);
            } catch (FileAlreadyExistsException e) {
                if (!isStale(path)) throw new FileAlreadyExistsException(path.toString(), null, "ControlSocket " + path + " already exists");
                debug.accept("Stale control socket " + path + ", unlinking");
                Files.deleteIfExists(path);
                Files.createLink(path, temp);
            }
            Files.deleteIfExists(temp);
            l.rename(path);
            return l;
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /** A socket file nobody accepts on (connect refused), or not a socket at all but vanished meanwhile. */
    public static boolean isStale(Path path) {
        try (UnixSocket s = UnixSocket.connect(path)) {
            return false;
        } catch (ConnectException | java.nio.file.NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return options.path();
    }

    /** Mux connections that currently carry a session or stdio forwarding. */
    public int passengers() {
        lock.lock();
        try {
            return passengers;
        } finally {
            lock.unlock();
        }
    }

    public boolean isTerminated() {
        lock.lock();
        try {
            return terminated;
        } finally {
            lock.unlock();
        }
    }

    /**
     * ControlPersist: returns once no passenger has been attached for {@code idle} (zero: only on
     * termination), or when the master terminates (-O exit, connection lost). True if terminated.
     */
    public boolean awaitIdle(Duration idle) throws InterruptedException {
        lock.lock();
        try {
            while (!terminated) {
                if (idle.isZero() || passengers > 0) {
                    changed.await();
                    continue;
                }
                long left = idle.toNanos() - (System.nanoTime() - idleSince);
                if (left <= 0) return false;
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until all passengers have left (no ControlPersist: the master's own session has ended). */
    public boolean awaitNoPassengers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (passengers > 0 && !terminated) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits for -O exit or the end of the SSH connection. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            long left = timeout.toNanos();
            while (!terminated) {
                if (left <= 0) return false;
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * OpenSSH's mux clients relay SIGWINCH to the master's pid (from the alive check); call this on
     * SIGWINCH so that terminal sessions follow their client's window size.
     */
    public void refreshWindowSizes() {
        aboard.forEach(Passenger::refreshWindowSize);
    }

    /** -O stop: no new mux clients; the socket file is removed; running passengers continue. */
    public void stopListening() {
        listening = false;
        listener.close();
    }

    /** -O exit, or the connection died: stops listening, ends every passenger and closes the SSH connection. */
    public void terminate() {
        lock.lock();
        try {
            if (terminated) return;
            terminated = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stopListening();
        connections.forEach(UnixSocket::close);
        Thread.ofVirtual().start(client::close);
    }

    @Override
    public void close() {
        terminate();
    }

    private void acceptLoop() {
        while (listening) {
            UnixSocket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (listening) options.debug().accept("mux accept: " + e.getMessage());
                return;
            }
            connections.add(s);
            Thread.ofPlatform().daemon().name("mux-client").start(() -> serve(s));
        }
    }

    private void serve(UnixSocket s) {
        MuxCodec codec = new MuxCodec(s.inputStream(), s.outputStream());
        Passenger passenger = null;
        boolean handedOff = false;
        try {
            codec.write(new MuxMessage.Hello(MuxMessage.VERSION));
            if (!(codec.read() instanceof MuxMessage.Hello h) || h.version() != MuxMessage.VERSION) {
                options.debug().accept("mux client spoke another protocol version; closing");
                return;
            }
            while (true) {
                MuxMessage m = codec.read();
                switch (m) {
                    case AliveCheck a -> codec.write(new MuxMessage.Alive(a.requestId(), (int) ProcessHandle.current().pid()));
                    case MuxMessage.Terminate t -> {
                        if (!allowed("Terminate shared connection to %s? ")) {
                            codec.write(new MuxMessage.PermissionDenied(t.requestId(), "Permission denied"));
                            continue;
                        }
                        codec.write(new MuxMessage.Ok(t.requestId()));
                        terminate();
                        return;
                    }
                    case MuxMessage.StopListening t -> {
                        codec.write(new MuxMessage.Ok(t.requestId()));
                        stopListening();
                    }
                    case NewSession n -> {
                        int[] fds = receiveFds(s, 3);
                        if (passenger != null) {
                            closeAll(fds);
                            codec.write(new MuxMessage.Failure(n.requestId(), "Multiple sessions not supported"));
                        } else {
                            passenger = openSession(n, fds, codec, s);
                        }
                    }
                    case NewStdioFwd n -> {
                        int[] fds = receiveFds(s, 2);
                        if (passenger != null) {
                            closeAll(fds);
                            codec.write(new MuxMessage.Failure(n.requestId(), "Multiple sessions not supported"));
                        } else {
                            passenger = openStdio(n, fds, codec, s);
                        }
                    }
                    case OpenForward f -> codec.write(forward(f.requestId(), f.forward(), true));
                    case CloseForward f -> codec.write(forward(f.requestId(), f.forward(), false));
                    case MuxMessage.Proxy p -> {
                        if (passenger != null) {
                            codec.write(new MuxMessage.Failure(p.requestId(), "Multiple sessions not supported"));
                            continue;
                        }
                        codec.write(new MuxMessage.ProxyOk(p.requestId()));
                        startProxy(s);
                        handedOff = true;
                        return;
                    }
                    case MuxMessage.Hello h2 -> options.debug().accept("mux: duplicate hello ignored");
                    case MuxMessage.Unknown u -> codec.write(new MuxMessage.Failure(u.requestId(), "unsupported request"));
                    default -> {
                        options.debug().accept("mux: unexpected message 0x" + Integer.toHexString(m.type()));
                        return;
                    }
                }
            }
        } catch (EOFException e) {
            // the mux client went away
        } catch (IOException e) {
            options.debug().accept("mux client: " + e.getMessage());
        } finally {
            if (passenger != null) passenger.close();
            if (!handedOff) {
                connections.remove(s);
                s.close();
            }
        }
    }

    /** MUX_C_PROXY: from now on the socket carries connection-protocol packets, relayed onto ours. */
    private void startProxy(UnixSocket s) {
        ProxyLink link = ProxyLink.over(s, client.connection().config());
        new ProxyRelay(client.connection(), options.debug()).attach(link.layer());
        options.debug().accept("mux: proxy client attached");
        enter();
        link.start(why -> {
            connections.remove(s);
            leave();
        });
    }

    private void enter() {
        lock.lock();
        try {
            passengers++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void leave() {
        lock.lock();
        try {
            passengers--;
            idleSince = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean allowed(String prompt) {
        return options.confirm() == null || options.confirm().test(prompt);
    }

    private static int[] receiveFds(UnixSocket s, int n) throws IOException {
        int[] fds = new int[n];
        int got = 0;
        try {
            for (; got < n; got++) fds[got] = s.receiveFd();
            return fds;
        } catch (IOException e) {
            for (int i = 0; i < got; i++) Posix.close(fds[i]);
            throw e;
        }
    }

    private static void closeAll(int[] fds) {
        for (int fd : fds) Posix.close(fd);
    }

    private Passenger openSession(NewSession n, int[] fds, MuxCodec codec, UnixSocket s) throws IOException {
        if (!allowed("Allow shared connection to %s? ")) {
            closeAll(fds);
            codec.write(new MuxMessage.PermissionDenied(n.requestId(), "Permission denied"));
            return null;
        }
        ClientSession session;
        try {
            session = client.openSession();
        } catch (IOException e) {
            closeAll(fds);
            codec.write(new MuxMessage.Failure(n.requestId(), "Session open refused by peer"));
            return null;
        }
        int sid = sessionIds.incrementAndGet();
        boolean ttyFailed = false;
        try {
            if (n.tty()) {
                int[] size = Posix.windowSize(fds[0]);
                if (size == null) size = new int[] {24, 80};
                ttyFailed = !session.requestPty(n.term().isEmpty() ? "vt100" : n.term(), size[1], size[0], new byte[] {0});
            }
            for (String e : n.env()) {
                int eq = e.indexOf('=');
                if (eq > 0) session.setEnv(e.substring(0, eq), e.substring(eq + 1));
            }
            if (n.subsystem()) session.subsystem(n.command());
            else if (n.command().isEmpty()) session.shell();
            else session.exec(n.command());
        } catch (IOException e) {
            session.close();
            closeAll(fds);
            codec.write(new MuxMessage.Failure(n.requestId(), e.getMessage() == null ? "session setup failed" : e.getMessage()));
            return null;
        }
        options.debug().accept("mux: session " + sid + " opened: " + (n.command().isEmpty() ? "shell" : n.command()));
        codec.write(new MuxMessage.SessionOpened(n.requestId(), sid));
        if (ttyFailed) codec.write(new MuxMessage.TtyAllocFail(sid));
        return board(Passenger.session(session, fds, n.tty() && !ttyFailed, n.escapeChar()), sid, codec, s);
    }

    private Passenger openStdio(NewStdioFwd n, int[] fds, MuxCodec codec, UnixSocket s) throws IOException {
        Channel c;
        try {
            byte[] data = new SshWriter().writeString(n.host()).writeInt(n.port()).writeString("127.0.0.1").writeInt(0).toByteArray();
            c = client.connection().openChannel("direct-tcpip", data, (ch, type, d) -> false);
        } catch (IOException e) {
            closeAll(fds);
            codec.write(new MuxMessage.Failure(n.requestId(), "stdio forwarding to " + n.host() + ":" + n.port() + " failed"));
            return null;
        }
        int sid = sessionIds.incrementAndGet();
        codec.write(new MuxMessage.SessionOpened(n.requestId(), sid));
        return board(Passenger.stdio(c, fds), sid, codec, s);
    }

    /** Counts the passenger in, and out again when its session ends (sending the exit message first). */
    private Passenger board(Passenger p, int sid, MuxCodec codec, UnixSocket s) {
        aboard.add(p);
        enter();
        p.start(status -> {
            try {
                // A stdio forwarding ends with the connection alone: OpenSSH's client treats any message as an error.
                if (!p.isStdio()) codec.write(new MuxMessage.ExitMessage(sid, status));
            } catch (IOException e) {
                // the client is gone
            }
            aboard.remove(p);
            leave();
            s.close(); // closing the control connection is how the client learns it may exit
        });
        return p;
    }

    private MuxMessage forward(int id, Forward f, boolean open) {
        if (options.forwarder() == null) return new MuxMessage.Failure(id, "Port forwarding failed");
        if (open && !allowed("Open forward on %s?")) return new MuxMessage.PermissionDenied(id, "Permission denied");
        try {
            if (!open) {
                options.forwarder().close(f);
                return new MuxMessage.Ok(id);
            }
            int port = options.forwarder().open(f);
            return f.kind() == MuxMessage.FWD_REMOTE && f.listenPort() == 0 ? new MuxMessage.RemotePort(id, port) : new MuxMessage.Ok(id);
        } catch (IOException e) {
            return new MuxMessage.Failure(id, open ? "Port forwarding failed" : e.getMessage());
        }
    }

}

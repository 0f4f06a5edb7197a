package dev.seashell.mux;

import dev.seashell.mux.MuxMessage.Forward;
import dev.seashell.wire.SshFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The client side of PROTOCOL.mux: talks to a ControlMaster (OpenSSH's or Seashell's) over its
 * socket. One instance is one control connection; a passenger session uses it up.
 *
 * <pre>{@code
 * try (MuxClient c = MuxClient.connect(Path.of("/tmp/cm"))) {
 *     int exit = c.openSession(new MuxClient.SessionRequest("uname", false, false, List.of()), 0, 1, 2).awaitExit();
 * }
 * }</pre>
 */
public final class MuxClient implements AutoCloseable {
    private final UnixSocket socket;
    private final MuxCodec codec;
    private int nextId;

    private MuxClient(UnixSocket socket) {
        this.socket = socket;
        this.codec = new MuxCodec(socket.inputStream(), socket.outputStream());
    }

    /**
     * Connects and exchanges hellos.
     *
     * @throws java.nio.file.NoSuchFileException no socket at {@code path}
     * @throws java.net.ConnectException a stale socket (no master listening)
     */
    public static MuxClient connect(Path path) throws IOException {
        UnixSocket s = UnixSocket.connect(path);
        MuxClient c = new MuxClient(s);
        try {
            c.codec.write(new MuxMessage.Hello(MuxMessage.VERSION));
            MuxMessage m = c.codec.read();
            if (!(m instanceof MuxMessage.Hello h)) throw new SshFormatException("expected HELLO from the master");
            if (h.version() != MuxMessage.VERSION) {
                throw new SshFormatException("Unsupported multiplexing protocol version " + h.version() + " (expected 4)");
            }
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** What a passenger session asks for. {@code env} holds NAME=value strings. */
    public record SessionRequest(String command, boolean tty, boolean subsystem, List<String> env, String term, int escapeChar) {
        public SessionRequest {
            env = List.copyOf(env);
            if (term == null) term = "";
        }

        public SessionRequest(String command, boolean tty, boolean subsystem, List<String> env) {
            this(command, tty, subsystem, env, System.getenv().getOrDefault("TERM", ""), MuxMessage.NO_ESCAPE);
        }
    }

    /** MUX_C_ALIVE_CHECK: the master's process id. */
    public int aliveCheck() throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.AliveCheck(id));
        return switch (reply(id)) {
            case MuxMessage.Alive a -> a.pid();
            case MuxMessage m -> throw unexpected(m);
        };
    }

    /** MUX_C_TERMINATE (-O exit). A master that exits before replying counts as success. */
    public void terminate() throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.Terminate(id));
        try {
            expectOk(reply(id));
        } catch (EOFException e) {
            // gone already: what was asked for
        }
    }

    /** MUX_C_STOP_LISTENING (-O stop). */
    public void stopListening() throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.StopListening(id));
        expectOk(reply(id));
    }

    /** MUX_C_OPEN_FWD: returns the allocated port for a remote forward of port 0, else 0. */
    public int openForward(Forward f) throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.OpenForward(id, f));
        MuxMessage m = reply(id);
        if (m instanceof MuxMessage.RemotePort p) return p.port();
        expectOk(m);
        return 0;
    }

    /** MUX_C_CLOSE_FWD. */
    public void closeForward(Forward f) throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.CloseForward(id, f));
        expectOk(reply(id));
    }

    /**
     * MUX_C_NEW_SESSION: passes {@code stdin}, {@code stdout} and {@code stderr} (descriptors of this
     * process; the master gets duplicates) and returns once the master has opened the session.
     */
    public Session openSession(SessionRequest r, int stdin, int stdout, int stderr) throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.NewSession(id, r.tty(), false, false, r.subsystem(), r.escapeChar(), r.term(), r.command(), r.env()));
        socket.sendFd(stdin);
        socket.sendFd(stdout);
        socket.sendFd(stderr);
        return switch (reply(id)) {
            case MuxMessage.SessionOpened o -> new Session(o.sessionId());
            case MuxMessage m -> throw unexpected(m);
        };
    }

    /** MUX_C_NEW_STDIO_FWD (ssh -W through a master). */
    public Session openStdioForward(String host, int port, int stdin, int stdout) throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.NewStdioFwd(id, host, port));
        socket.sendFd(stdin);
        socket.sendFd(stdout);
        return switch (reply(id)) {
            case MuxMessage.SessionOpened o -> new Session(o.sessionId());
            case MuxMessage m -> throw unexpected(m);
        };
    }

    /**
     * MUX_C_PROXY (-O proxy): the control connection stops speaking the mux protocol and carries the
     * SSH connection protocol instead. Open sessions and channels on the returned link's
     * {@link ProxyLink#layer()} as on an {@code SshClient}'s; closing the link closes this client.
     */
    public ProxyLink proxy(dev.seashell.connection.ConnectionConfig config) throws IOException {
        int id = nextId++;
        codec.write(new MuxMessage.Proxy(id));
        return switch (reply(id)) {
            case MuxMessage.ProxyOk ok -> ProxyLink.over(socket, config).start(why -> { });
            case MuxMessage m -> throw unexpected(m);
        };
    }

    /** An open passenger session. */
    public final class Session {
        private final int id;

        private Session(int id) {
            this.id = id;
        }

        public int id() {
            return id;
        }

        /**
         * Waits for the exit message and then for the master to close the connection; 255 if the
         * master went away without an exit message (as ssh reports it).
         *
         * @param onTtyFail called on MUX_S_TTY_ALLOC_FAIL (to leave raw mode)
         */
        public int awaitExit(IntConsumer onTtyFail) throws IOException {
            Integer exit = null;
            while (true) {
                MuxMessage m;
                try {
                    m = codec.read();
                } catch (EOFException e) {
                    return exit == null ? 255 : exit;
                }
                switch (m) {
                    case MuxMessage.ExitMessage x when x.sessionId() == id -> exit = x.exitValue();
                    case MuxMessage.TtyAllocFail t when t.sessionId() == id -> onTtyFail.accept(id);
                    default -> throw new SshFormatException("unexpected message from master: 0x" + Integer.toHexString(m.type()));
                }
            }
        }

        /** A stdio forwarding: waits until the master closes the connection (no exit message comes). */
        public void awaitClose() throws IOException {
            try {
                MuxMessage m = codec.read();
                throw new SshFormatException("master returned unexpected message 0x" + Integer.toHexString(m.type()));
            } catch (EOFException e) {
                // done
            }
        }

        public int awaitExit() throws IOException {
            return awaitExit(sid -> { });
        }
    }

    private MuxMessage reply(int id) throws IOException {
        MuxMessage m = codec.read();
        if (m instanceof MuxMessage.Request r && r.requestId() != id) {
            throw new SshFormatException("out of sequence reply: my id " + id + " theirs " + r.requestId());
        }
        return m;
    }

    private static void expectOk(MuxMessage m) throws IOException {
        if (!(m instanceof MuxMessage.Ok)) throw unexpected(m);
    }

    private static IOException unexpected(MuxMessage m) {
        return switch (m) {
            case MuxMessage.Failure f -> new MuxException(f.reason(), false);
            case MuxMessage.PermissionDenied d -> new MuxException(d.reason(), true);
            default -> new SshFormatException("unexpected response from master 0x" + Integer.toHexString(m.type()));
        };
    }

    /** Closes the control connection; a master ends a passenger session whose client has gone. */
    @Override
    public void close() {
        socket.close();
    }
}

package dev.seashell.connection;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of one "session" channel: collects env and pty requests, hands exec / shell /
 * subsystem to a {@link SessionHandler}, and ends the session the way OpenSSH does: data, EOF,
 * exit-status (or exit-signal), CLOSE.
 */
public final class ServerSession {
    private final Channel channel;
    private final SessionHandler handler;
    private final ExtraRequests extra;
    private final Map<String, String> environment = new ConcurrentHashMap<>();
    private volatile PtyRequest pty;
    private volatile boolean started;

    private ServerSession(Channel channel, SessionHandler handler, ExtraRequests extra) {
        this.channel = channel;
        this.handler = handler;
        this.extra = extra;
    }

    /**
     * Session requests beyond the {@link SessionHandler}'s, such as {@code auth-agent-req@openssh.com}
     * and {@code x11-req}; asked only before exec/shell/subsystem. Runs on the reader thread: never block.
     */
    @FunctionalInterface
    public interface ExtraRequests {
        boolean onRequest(ServerSession session, String type, byte[] data);
    }

    /** Makes {@code layer} accept "session" channels, each served by {@code handler}. */
    public static void register(ConnectionLayer layer, SessionHandler handler) {
        register(layer, handler, Integer.MAX_VALUE);
    }

    /**
     * As {@link #register(ConnectionLayer, SessionHandler)}, with at most {@code maxSessions} open at
     * once (sshd_config MaxSessions); one more is refused as administratively prohibited.
     */
    public static void register(ConnectionLayer layer, SessionHandler handler, int maxSessions) {
        register(layer, handler, maxSessions, null);
    }

    /** As {@link #register(ConnectionLayer, SessionHandler, int)}, with {@code extra} (may be null) for other requests. */
    public static void register(ConnectionLayer layer, SessionHandler handler, int maxSessions, ExtraRequests extra) {
        java.util.concurrent.atomic.AtomicInteger live = new java.util.concurrent.atomic.AtomicInteger();
        layer.registerChannelType("session", incoming -> {
            if (live.incrementAndGet() > maxSessions) {
                live.decrementAndGet();
                incoming.reject(1, "open failed");
                return;
            }
            try {
                Channel ch = incoming.accept(null);
                ServerSession s = new ServerSession(ch, handler, extra);
                ch.setRequestHandler(s::onRequest);
                // A callback, not a parked thread per session: thousands of idle sessions stay cheap.
                if (maxSessions != Integer.MAX_VALUE) ch.whenClosed().whenComplete((v, e) -> live.decrementAndGet());
            } catch (ChannelOpenException e) {
                live.decrementAndGet(); // refused by the layer (channel bound); it answers OPEN_FAILURE
            }
        });
    }

    public Channel channel() {
        return channel;
    }

    /** The client's input (the command's stdin); -1 after the client's EOF. */
    public ChannelInputStream stdin() {
        return channel.inputStream();
    }

    public ChannelOutputStream stdout() {
        return channel.outputStream();
    }

    /** Sent as extended data 1, kept apart from stdout. */
    public ChannelOutputStream stderr() {
        return channel.extendedOutputStream();
    }

    /**
     * Adds a variable the server itself sets for this session (SSH_ORIGINAL_COMMAND, SSH_AUTH_SOCK,
     * DISPLAY), on top of those the client sent.
     */
    public void putEnvironment(String name, String value) {
        environment.put(name, value);
    }

    /** The variables the client set and the handler accepted. */
    public Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    public Optional<PtyRequest> pty() {
        return Optional.ofNullable(pty);
    }

    /** Ends the session with an exit status: EOF, exit-status, CLOSE. */
    public void exit(int status) {
        finish("exit-status", SessionRequests.exitStatus(status));
    }

    /** Ends the session reporting a signal: EOF, exit-signal, CLOSE. */
    public void exitSignal(ExitSignal signal) {
        finish("exit-signal", SessionRequests.exitSignal(signal));
    }

    private void finish(String request, byte[] data) {
        try {
            channel.sendEof();
            channel.sendRequest(request, false, data, null);
        } catch (IOException e) {
            // the client closed first or the connection is gone: nothing left to report to
        } finally {
            channel.close();
        }
    }

    private boolean onRequest(Channel ch, String type, byte[] data) {
        try {
            return switch (type) {
                case "env" -> {
                    SshReader r = new SshReader(data);
                    String name = r.readString();
                    String value = r.readString();
                    r.expectEnd();
                    boolean ok = !started && handler.env(this, name, value);
                    if (ok) environment.put(name, value);
                    yield ok;
                }
                case "pty-req" -> {
                    PtyRequest p = SessionRequests.readPty(data);
                    boolean ok = !started && handler.pty(this, p);
                    if (ok) pty = p;
                    yield ok;
                }
                case "exec" -> start(() -> handler.exec(this, SessionRequests.readSingleString(data)));
                case "shell" -> start(() -> handler.shell(this));
                case "subsystem" -> start(() -> handler.subsystem(this, SessionRequests.readSingleString(data)));
                case "window-change" -> {
                    SshReader r = new SshReader(data);
                    int cols = r.readInt();
                    int rows = r.readInt();
                    handler.windowChange(this, cols, rows);
                    yield true;
                }
                case "signal" -> handler.signal(this, SessionRequests.readSingleString(data));
                default -> extra != null && !started && extra.onRequest(this, type, data);
            };
        } catch (SshFormatException e) {
            return false;
        }
    }

    private interface Starter {
        boolean start() throws SshFormatException;
    }

    private boolean start(Starter starter) throws SshFormatException {
        if (started) return false;
        started = starter.start();
        return started;
    }
}

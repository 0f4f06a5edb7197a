package dev.seashell.connection;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The client side of a "session" channel (RFC 4254 §6): set up with {@link #requestPty} and
 * {@link #setEnv}, start one of {@link #exec}, {@link #shell} or {@link #subsystem}, then use the
 * streams and collect {@link #exitStatus(Duration)}.
 */
public final class ClientSession implements AutoCloseable {
    private final Channel channel;
    private final Duration timeout;
    private volatile Integer exitStatus;
    private volatile ExitSignal exitSignal;

    private ClientSession(ConnectionLayer layer) throws IOException {
        this.timeout = layer.config().requestTimeout();
        this.channel = layer.openChannel("session", new byte[0], this::onRequest);
    }

    /** Opens a session channel on {@code layer}. */
    public static ClientSession open(ConnectionLayer layer) throws IOException {
        return new ClientSession(layer);
    }

    public Channel channel() {
        return channel;
    }

    /** Asks for a terminal; {@code modes} is the RFC 4254 §8 encoding (a single 0 byte for none). */
    public boolean requestPty(String term, int columns, int rows, byte[] modes) throws IOException {
        return channel.sendRequest("pty-req", true,
                SessionRequests.pty(new PtyRequest(term, columns, rows, 0, 0, modes)), timeout);
    }

    /** Sets an environment variable; servers commonly accept only a few (LANG, LC_*). */
    public boolean setEnv(String name, String value) throws IOException {
        return channel.sendRequest("env", true, SessionRequests.env(name, value), timeout);
    }

    /** Runs {@code command}; throws if the server refuses. */
    public void exec(String command) throws IOException {
        start("exec", SessionRequests.string(command));
    }

    /** Starts the user's login shell. */
    public void shell() throws IOException {
        start("shell", new byte[0]);
    }

    /** Starts a subsystem such as "sftp". */
    public void subsystem(String name) throws IOException {
        start("subsystem", SessionRequests.string(name));
    }

    private void start(String request, byte[] data) throws IOException {
        if (!channel.sendRequest(request, true, data, timeout)) throw new IOException(request + " request refused by the server");
    }

    public void windowChange(int columns, int rows) throws IOException {
        channel.sendRequest("window-change", false, SessionRequests.windowChange(columns, rows, 0, 0), timeout);
    }

    /** Sends a signal by name without "SIG" (e.g. "TERM"); servers may ignore it. */
    /** RFC 4335 break, of {@code millis} milliseconds. */
    public void sendBreak(int millis) throws IOException {
        channel.sendRequest("break", false, new dev.seashell.wire.SshWriter(4).writeInt(millis).toByteArray(), timeout);
    }

    public void signal(String name) throws IOException {
        channel.sendRequest("signal", false, SessionRequests.string(name), timeout);
    }

    /** The remote command's standard output. */
    public ChannelInputStream stdout() {
        return channel.inputStream();
    }

    /** The remote command's standard error (extended data 1). */
    public ChannelInputStream stderr() {
        return channel.extendedInputStream();
    }

    /** The remote command's standard input; closing it sends EOF. */
    public ChannelOutputStream stdin() {
        return channel.outputStream();
    }

    /**
     * Waits for the channel to close and returns the exit status, empty when the command ended
     * without one (e.g. by a signal: see {@link #exitSignal()}).
     *
     * @throws InterruptedIOException if the channel is still open after {@code timeout}
     */
    public Optional<Integer> exitStatus(Duration timeout) throws InterruptedIOException {
        if (!channel.awaitClosed(timeout)) throw new InterruptedIOException("session still open after " + timeout);
        return Optional.ofNullable(exitStatus);
    }

    /** The exit signal received so far, if any. */
    public Optional<ExitSignal> exitSignal() {
        return Optional.ofNullable(exitSignal);
    }

    /** Closes the channel (sends CLOSE) without waiting. */
    @Override
    public void close() {
        channel.close();
    }

    private boolean onRequest(Channel ch, String type, byte[] data) {
        try {
            switch (type) {
                case "exit-status" -> {
                    SshReader r = new SshReader(data);
                    exitStatus = r.readInt();
                    r.expectEnd();
                    return true;
                }
                case "exit-signal" -> {
                    exitSignal = SessionRequests.readExitSignal(data);
                    return true;
                }
                default -> {
                    return false; // keepalive@openssh.com and friends: failure, as OpenSSH answers
                }
            }
        } catch (SshFormatException e) {
            return false;
        }
    }
}

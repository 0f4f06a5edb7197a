package dev.seashell.mux;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ClientSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * One passenger's traffic: the descriptors a mux client passed, pumped to and from an SSH channel
 * on platform threads (the reads and writes are native calls). When the remote side is done, the
 * exit status goes to {@code onExit} (255 when none came, as ssh reports a lost connection).
 */
final class Passenger {
    private final Channel channel;
    private final ClientSession session;
    private final FdInputStream stdin;
    private final FdOutputStream stdout;
    private final FdOutputStream stderr;
    private final int ttyFd;
    private int[] size;
    private int escapeChar = -1;
    private volatile boolean abandoned;

    private Passenger(Channel channel, ClientSession session, int[] fds, boolean tty) {
        this.ttyFd = tty ? fds[0] : -1;
        this.size = tty ? Posix.windowSize(fds[0]) : null;
        this.channel = channel;
        this.session = session;
        this.stdin = new FdInputStream(fds[0], true);
        this.stdout = new FdOutputStream(fds[1], true);
        this.stderr = fds.length > 2 ? new FdOutputStream(fds[2], true) : null;
    }

    static Passenger session(ClientSession s, int[] fds, boolean tty, int escapeChar) {
        Passenger p = new Passenger(s.channel(), s, fds, tty);
        p.escapeChar = tty && escapeChar >= 0 && escapeChar < 256 ? escapeChar : -1;
        return p;
    }

    /** A stdio forwarding (ssh -W through a master): stdin/stdout only, no exit status. */
    static Passenger stdio(Channel c, int[] fds) {
        return new Passenger(c, null, fds, false);
    }

    /** Starts the pumps; {@code onExit} runs once, after all output has been written. */
    void start(IntConsumer onExit) {
        Thread.ofPlatform().daemon().name("mux-stdin").start(() -> {
            try (OutputStream out = channel.outputStream()) {
                if (escapeChar < 0) copy(stdin, out);
                else if (MasterEscapes.filter(escapeChar, stderr).copy(stdin, out)) abandon();
            } catch (IOException e) {
                // channel closed first
            } finally {
                stdin.close();
            }
        });
        Thread err = stderr == null ? null : Thread.ofPlatform().daemon().name("mux-stderr").start(() -> drain(channel.extendedInputStream(), stderr));
        Thread.ofPlatform().daemon().name("mux-stdout").start(() -> {
            drain(channel.inputStream(), stdout);
            try {
                if (err != null) err.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int status = 255;
            try {
                if (session == null) status = 0;
                else if (!abandoned) status = session.exitStatus(Duration.ofSeconds(10)).orElse(255);
            } catch (IOException e) {
                // still open after the timeout: report failure
            }
            stdin.close();
            onExit.accept(status);
        });
    }

    boolean isStdio() {
        return session == null;
    }

    /** SIGWINCH relayed by a mux client: sends window-change if the client's terminal was resized. */
    void refreshWindowSize() {
        if (session == null || ttyFd < 0 || channel.isClosed()) return;
        int[] now = Posix.windowSize(ttyFd);
        if (now == null || (size != null && now[0] == size[0] && now[1] == size[1])) return;
        size = now;
        try {
            session.windowChange(now[1], now[0]);
        } catch (IOException e) {
            // the session is ending
        }
    }

    /** Ends the session early (the mux client went away, or the master is terminating). */
    void close() {
        abandon();
        stdin.close();
    }

    /**
     * Sends CLOSE and stops waiting for the peer, as OpenSSH's channel_force_close(abandon) does: a
     * server answers CLOSE only once the remote command has exited, which for a command that has not
     * yet taken its terminal (so gets no SIGHUP) can be much later. Late data is dropped.
     */
    private void abandon() {
        abandoned = true;
        channel.close();
        channel.inputStream().close();
        channel.extendedInputStream().close();
    }

    private static void drain(InputStream in, FdOutputStream out) {
        try {
            copy(in, out);
        } catch (IOException e) {
            // the client's descriptor or the channel went away
        } finally {
            out.close();
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }
}

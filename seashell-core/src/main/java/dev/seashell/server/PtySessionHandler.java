package dev.seashell.server;

import dev.seashell.connection.ExitSignal;
import dev.seashell.connection.PtyRequest;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.server.pty.ExitStatus;
import dev.seashell.server.pty.Pty;
import dev.seashell.server.pty.PtyProcess;
import dev.seashell.server.pty.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs shell and exec requests on a real pseudo-terminal when the client asked for one (pty-req),
 * as sshd does; everything else goes to the wrapped handler (pipes, subsystems).
 */
public final class PtySessionHandler implements SessionHandler {
    private static final Duration DRAIN = Duration.ofSeconds(2);
    private final SessionHandler inner;
    private final Map<String, String> environment;
    private final String shell;
    private final Path home;
    private final boolean permitTty;
    private final List<String> launcher;
    private final Map<ServerSession, PtyProcess> running = new ConcurrentHashMap<>();

    /**
     * @param environment the base environment of sessions (USER, HOME, PATH, SSH_CONNECTION, …)
     * @param permitTty false refuses every pty-req (sshd_config PermitTTY no, authorized_keys no-pty)
     */
    public PtySessionHandler(SessionHandler inner, Map<String, String> environment, String shell, Path home, boolean permitTty) {
        this(inner, environment, shell, home, permitTty, List.of());
    }

    /** @param launcher words before every command (e.g. setpriv … -- to run as the logged-in user) */
    public PtySessionHandler(SessionHandler inner, Map<String, String> environment, String shell, Path home,
                             boolean permitTty, List<String> launcher) {
        this.launcher = List.copyOf(launcher);
        this.inner = inner;
        this.environment = Map.copyOf(environment);
        this.shell = shell;
        this.home = home;
        this.permitTty = permitTty;
    }

    @Override
    public boolean pty(ServerSession session, PtyRequest request) {
        return permitTty;
    }

    @Override
    public boolean shell(ServerSession session) {
        if (session.pty().isEmpty()) return inner.shell(session);
        return start(session, List.of(shell, "-l"));
    }

    @Override
    public boolean exec(ServerSession session, String command) {
        if (session.pty().isEmpty()) return inner.exec(session, command);
        return start(session, List.of(shell, "-c", command));
    }

    @Override
    public boolean subsystem(ServerSession session, String name) {
        return inner.subsystem(session, name);
    }

    @Override
    public boolean env(ServerSession session, String name, String value) {
        return inner.env(session, name, value);
    }

    @Override
    public void windowChange(ServerSession session, int columns, int rows) {
        PtyProcess p = running.get(session);
        if (p == null) {
            inner.windowChange(session, columns, rows);
            return;
        }
        try {
            p.pty().resize(columns, rows, 0, 0);
        } catch (IOException e) {
            // the terminal is gone; the session ends on its own
        }
    }

    @Override
    public boolean signal(ServerSession session, String signalName) {
        PtyProcess p = running.get(session);
        if (p == null) return inner.signal(session, signalName);
        Optional<Signal> s = Signal.fromSshName(signalName);
        if (s.isEmpty()) return false;
        try {
            p.signal(s.get());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean start(ServerSession session, List<String> command) {
        PtyRequest req = session.pty().orElseThrow();
        List<String> argv = new java.util.ArrayList<>(launcher);
        argv.addAll(command);
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(session.environment());
        env.put("TERM", req.term().isEmpty() ? "dumb" : req.term());
        PtyProcess p;
        try {
            p = PtyProcess.start(argv, env, home, Math.max(1, req.columns()), Math.max(1, req.rows()),
                    Pty.decodeModes(req.modes()));
        } catch (IOException e) {
            return false;
        }
        running.put(session, p);
        Thread.ofVirtual().name("pty-in").start(() -> copy(session.stdin(), p.outputStream()));
        Thread.ofVirtual().name("pty-session").start(() -> {
            Thread out = Thread.ofVirtual().name("pty-out").start(() -> copy(p.inputStream(), session.stdout()));
            ExitStatus status;
            try {
                status = p.waitFor();
                // A background job may keep the terminal open: give the output a moment, then hang up.
                out.join(DRAIN);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = new ExitStatus(255);
            }
            p.close();
            running.remove(session);
            Optional<Signal> sig = status.sshSignal();
            if (sig.isPresent()) session.exitSignal(new ExitSignal(sig.get().sshName(), false, ""));
            else session.exit(status.code());
        });
        return true;
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buf = new byte[32 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
    }
}

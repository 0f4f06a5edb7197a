package dev.seashell.connection;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs sessions as local processes: exec as {@code shell -c command}, shell as the shell itself
 * (without a terminal: PTYs are a separate handler's job), subsystems from a name → argv table.
 * stdin, stdout and stderr are pumped on virtual threads, stderr kept apart as extended data.
 *
 * <p>The JDK reports a process killed by signal n as exit code 128+n, the same as {@code exit 128+n};
 * so that {@code exit N} always comes back as N, only a signal this handler delivered (a "signal"
 * request) is reported as exit-signal.
 */
public final class ProcessCommandHandler implements SessionHandler {
    static final int PUMP_BUFFER = 32 * 1024;

    private final Map<String, String> environment;
    private final String shell;
    private final File workingDirectory;
    private final Map<String, List<String>> subsystems;
    private final List<String> launcher;
    private final Map<ServerSession, Process> running = new ConcurrentHashMap<>();
    private final Map<ServerSession, String> signalled = new ConcurrentHashMap<>();

    /**
     * @param environment      the processes' whole base environment (see {@link #standardEnvironment})
     * @param shell            the user's shell, e.g. "/bin/sh"
     * @param workingDirectory where processes start, usually the user's home; null for ours
     * @param subsystems       subsystem name → argv, e.g. "sftp" → [/usr/lib/openssh/sftp-server]
     */
    public ProcessCommandHandler(Map<String, String> environment, String shell, File workingDirectory,
                                 Map<String, List<String>> subsystems) {
        this(environment, shell, workingDirectory, subsystems, List.of());
    }

    /**
     * @param launcher words put before every command, e.g. {@code setpriv --reuid … --} so that a
     *     server running as root starts the session as the authenticated user
     */
    public ProcessCommandHandler(Map<String, String> environment, String shell, File workingDirectory,
                                 Map<String, List<String>> subsystems, List<String> launcher) {
        this.launcher = List.copyOf(launcher);
        this.environment = Map.copyOf(environment);
        this.shell = shell;
        this.workingDirectory = workingDirectory;
        this.subsystems = Map.copyOf(subsystems);
    }

    /** Runs as the current user, with {@link #standardEnvironment} and the user's shell. */
    public static ProcessCommandHandler forCurrentUser(String sshClient, String sshConnection) {
        Map<String, String> env = standardEnvironment(sshClient, sshConnection);
        String home = env.get("HOME");
        return new ProcessCommandHandler(env, env.getOrDefault("SHELL", "/bin/sh"),
                home == null ? null : new File(home), Map.of());
    }

    /**
     * The variables sshd passes to a session: HOME, USER, LOGNAME, PATH, SHELL from this process
     * (with fallbacks), plus SSH_CLIENT ("ip port localport") and SSH_CONNECTION
     * ("ip port localip localport") as given by the caller that knows the socket (null to omit).
     */
    public static Map<String, String> standardEnvironment(String sshClient, String sshConnection) {
        Map<String, String> env = new HashMap<>();
        Map<String, String> ours = System.getenv();
        String user = ours.getOrDefault("USER", System.getProperty("user.name"));
        env.put("USER", user);
        env.put("LOGNAME", ours.getOrDefault("LOGNAME", user));
        env.put("HOME", ours.getOrDefault("HOME", System.getProperty("user.home")));
        env.put("PATH", ours.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("SHELL", ours.getOrDefault("SHELL", "/bin/sh"));
        if (sshClient != null) env.put("SSH_CLIENT", sshClient);
        if (sshConnection != null) env.put("SSH_CONNECTION", sshConnection);
        return env;
    }

    @Override
    public boolean exec(ServerSession session, String command) {
        return launch(session, List.of(shell, "-c", command));
    }

    @Override
    public boolean shell(ServerSession session) {
        return launch(session, List.of(shell));
    }

    @Override
    public boolean subsystem(ServerSession session, String name) {
        List<String> argv = subsystems.get(name);
        return argv != null && launch(session, argv);
    }

    @Override
    public boolean signal(ServerSession session, String signalName) {
        Process p = running.get(session);
        if (p == null) return false;
        switch (signalName) {
            case "TERM", "HUP", "INT" -> p.destroy(); // Java can only send TERM or KILL
            case "KILL" -> p.destroyForcibly();
            default -> {
                return false;
            }
        }
        signalled.put(session, signalName.equals("KILL") ? "KILL" : "TERM");
        return true;
    }

    /** Starts the work on a virtual thread: the caller is the reader thread and must not wait for fork. */
    private boolean launch(ServerSession session, List<String> argv) {
        Thread.ofVirtual().name("session-" + session.channel().localId()).start(() -> run(session, argv));
        return true;
    }

    private void run(ServerSession session, List<String> argv) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(environment);
        env.putAll(session.environment());
        if (workingDirectory != null && workingDirectory.isDirectory()) pb.directory(workingDirectory);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            try {
                session.stderr().write((argv.getFirst() + ": " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the client is gone
            }
            session.exit(127); // as a shell reports "command not found"
            return;
        }
        running.put(session, p);
        try {
            // Platform threads: a pipe read or write blocks a virtual thread's carrier anyway, and the
            // pool's compensation for that costs more per read than a plain blocked thread.
            Thread.Builder pumps = Thread.ofPlatform().daemon().stackSize(256 * 1024);
            pumps.name("exec-stdin").start(() -> pumpStdin(session.stdin(), p.getOutputStream()));
            Thread out = pumps.name("exec-stdout").start(() -> pump(p.getInputStream(), session.stdout()));
            Thread err = pumps.name("exec-stderr").start(() -> pump(p.getErrorStream(), session.stderr()));
            int code = p.waitFor();
            out.join(); // all output must precede EOF
            err.join();
            // The JDK reports death by signal n as 128+n, like a plain `exit 128+n`: only a signal we
            // delivered ourselves is reported as exit-signal, everything else as the status it is.
            String sent = signalled.remove(session);
            String signal = sent != null && code > 128 ? ExitSignal.nameOf(code - 128) : null;
            if (signal != null) session.exitSignal(new ExitSignal(signal, false, ""));
            else session.exit(code);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            session.channel().close();
            Thread.currentThread().interrupt();
        } finally {
            running.remove(session);
        }
    }

    /** Process output → channel; on a dead channel the pipe is closed so the process sees SIGPIPE. */
    private static void pump(InputStream from, OutputStream to) {
        byte[] buf = new byte[PUMP_BUFFER];
        try (from) {
            int n;
            while ((n = from.read(buf, 0, buf.length)) >= 0) to.write(buf, 0, n);
        } catch (IOException e) {
            // either side closed: closing `from` above is the right reaction for both
        }
    }

    /** Channel → process stdin; EOF from the client closes the pipe. */
    private static void pumpStdin(ChannelInputStream from, OutputStream to) {
        byte[] buf = new byte[PUMP_BUFFER];
        try (to) {
            int n;
            while ((n = from.read(buf, 0, buf.length)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            from.close(); // the process stopped reading: drop input so the window keeps moving
        }
    }
}

package dev.seashell.server.pty;

import dev.seashell.posix.Libc;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose stdin, stdout and stderr are the slave of a {@link Pty}, and whose controlling
 * terminal it is: util-linux {@code setsid} makes a new session, a small {@code /bin/sh} wrapper opens
 * the slave as fds 0-2 (so it becomes the session's controlling terminal), and execs the command. That
 * gives the child job control, ^C as SIGINT to the foreground process group, and a working
 * {@code tty}/{@code stty}.
 *
 * <p>Both {@code setsid} and the wrapper exec in place (a JDK child is never a process-group leader, so
 * setsid need not fork), so {@link #pid()} and the exit status are the command's own. A command that
 * cannot be found is reported on the terminal with exit code 127, as a shell would.
 */
public final class PtyProcess implements AutoCloseable {
    private static final int ESRCH = 3;

    private final Pty pty;
    private final Process process;

    private PtyProcess(Pty pty, Process process) {
        this.pty = pty;
        this.process = process;
    }

    /**
     * Opens a pty, sizes it, applies {@code modes} and starts {@code command} on it.
     *
     * @param command program and arguments; the program is looked up on {@code env}'s PATH
     * @param env the child's complete environment (nothing is inherited): TERM, PATH, HOME, USER, ...
     * @param cwd working directory, or null for this process's
     * @param modes RFC 4254 terminal modes as from {@link Pty#decodeModes}; may be empty or null
     */
    public static PtyProcess start(
            List<String> command, Map<String, String> env, Path cwd, int cols, int rows, Map<Integer, Integer> modes)
            throws IOException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        Pty pty = Pty.open();
        try {
            pty.resize(cols, rows, 0, 0);
            if (modes != null && !modes.isEmpty()) {
                pty.applyModes(modes);
            }
            List<String> argv = new ArrayList<>(List.of(setsid(), "--wait", "/bin/sh", "-c", WRAPPER, "seashell-pty",
                    pty.slavePath()));
            argv.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(env);
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectErrorStream(true);
            Process process = pb.start();
            awaitWrapper(process, pty.slavePath());
            // The child now holds the slave; ours would only keep the master from seeing EOF.
            pty.closeSlave();
            return new PtyProcess(pty, process);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /**
     * Runs in the new session: opening the tty without O_NOCTTY makes it the controlling terminal of this
     * session leader. Reports "ready" on the original stdout (a pipe to us), closes it, then becomes the
     * command. The JVM itself must not open the slave (as a file redirect would): were it a session leader
     * without a terminal (systemd, containers), the pty would become the JVM's controlling terminal.
     */
    private static final String WRAPPER =
            "exec 3>&1 0<>\"$1\" 1>&0 2>&0 || exit 126; SSH_TTY=\"$1\"; export SSH_TTY; echo ready >&3; exec 3>&-; shift; exec \"$@\"";

    /** Reads the wrapper's pipe to its end: "ready", or the error that stopped it. */
    private static void awaitWrapper(Process process, String slavePath) throws IOException {
        byte[] report;
        try (InputStream in = process.getInputStream()) {
            report = in.readNBytes(4096);
        }
        String text = new String(report, StandardCharsets.UTF_8);
        if (!text.equals("ready\n")) {
            process.destroyForcibly();
            throw new IOException("cannot start on " + slavePath + ": " + text.strip());
        }
    }

    /** util-linux setsid, found on this JVM's PATH (the child's PATH may not have it). */
    private static String setsid() throws IOException {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "setsid");
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        throw new IOException("util-linux setsid not found");
    }

    /** The terminal; use it for {@link Pty#resize} on "window-change". */
    public Pty pty() {
        return pty;
    }

    /** What the child writes to the terminal; end of stream once it and its descendants close the tty. */
    public InputStream inputStream() {
        return pty.inputStream();
    }

    /** Keystrokes for the child (a 0x03 byte is ^C, and so on, per the terminal modes). */
    public OutputStream outputStream() {
        return pty.outputStream();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to exit. */
    public ExitStatus waitFor() throws InterruptedException {
        return new ExitStatus(process.waitFor());
    }

    /** Waits at most {@code timeout}; empty if the child is still running. */
    public Optional<ExitStatus> waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        return Optional.of(new ExitStatus(process.exitValue()));
    }

    /** Sends {@code signal} to the child (the session leader), as an SSH "signal" request asks. */
    public void signal(Signal signal) throws IOException {
        Libc.Result r = Libc.kill(process.pid(), signal.number());
        if (r.failed() && r.errno() != ESRCH) {
            throw Libc.error("kill", r.errno());
        }
    }

    /** SIGTERM to the child. */
    public void destroy() {
        process.destroy();
    }

    /** SIGKILL to the child. */
    public void destroyForcibly() {
        process.destroyForcibly();
    }

    /**
     * Closes the pty, which hangs up the terminal (the kernel sends SIGHUP to the child's session), and
     * sends SIGTERM if the child is still alive. Does not wait for it to exit.
     */
    @Override
    public void close() {
        pty.close();
        if (process.isAlive()) {
            process.destroy();
        }
    }
}

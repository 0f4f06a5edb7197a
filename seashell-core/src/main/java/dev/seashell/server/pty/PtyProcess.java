package dev.seashell.server.pty;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * terminal it is: the command runs under util-linux {@code setsid --ctty}, which makes it a session leader
 * and claims the terminal on stdin (TIOCSCTTY). That gives the child job control, ^C as SIGINT to the
 * foreground process group, and a working {@code tty}/{@code stty}.
 *
 * <p>{@code setsid} execs the command in place (a JDK child is never a process-group leader, so it need
 * not fork), so {@link #pid()} and the exit status are the command's own.
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
     * @param modes RFC 4254 terminal modes as from {@link Pty#decodeModes}; may be empty
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
            pty.applyModes(modes);
            List<String> argv = new ArrayList<>(List.of(setsid(), "--ctty", "--wait", "--"));
            argv.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(env);
            if (cwd != null) {
                pb.directory(cwd.toFile());
            }
            File tty = new File(pty.slavePath());
            pb.redirectInput(tty).redirectOutput(tty).redirectError(tty);
            Process process = pb.start();
            // start() returns after exec, so the child holds the slave; ours would only delay EOF.
            pty.closeSlave();
            return new PtyProcess(pty, process);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
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

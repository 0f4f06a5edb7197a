package dev.seashell.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command to completion with a hard deadline, capturing stdout and stderr.
 * On timeout the whole process tree is killed; the call never blocks much past the timeout
 * even if a grandchild keeps the output pipes open.
 *
 * <pre>{@code
 * ProcessRunner.Result r = ProcessRunner.command("ssh", "-V").timeout(Duration.ofSeconds(5)).run();
 * }</pre>
 */
public final class ProcessRunner {
    /** How long to wait for output pipes to drain after the process itself has ended. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    private final List<String> command;
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofSeconds(30);
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
    }

    /** Starts describing a run of {@code command} (program first, then arguments). */
    public static ProcessRunner command(String... command) {
        return new ProcessRunner(List.of(command));
    }

    /** Starts describing a run of {@code command} (program first, then arguments). */
    public static ProcessRunner command(List<String> command) {
        return new ProcessRunner(command);
    }

    /** Bytes fed to the process's stdin, which is then closed. Default: empty. */
    public ProcessRunner stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    /** UTF-8 text fed to the process's stdin, which is then closed. */
    public ProcessRunner stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deadline for the whole run; default 30 s. */
    public ProcessRunner timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /** Working directory; default: the JVM's. */
    public ProcessRunner directory(Path directory) {
        this.directory = directory;
        return this;
    }

    /** Adds or replaces one environment variable (the rest is inherited). */
    public ProcessRunner env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /**
     * Runs the command and waits for it, at most the timeout (plus a short drain grace).
     *
     * @throws UncheckedIOException if the program cannot be started
     */
    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Pump out = Pump.start("stdout", process.getInputStream());
        Pump err = Pump.start("stderr", process.getErrorStream());
        Thread feeder = Thread.ofVirtual().name("stdin " + command.getFirst()).start(() -> feed(process.getOutputStream()));

        boolean timedOut;
        try {
            timedOut = !process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        if (timedOut) {
            killTree(process);
        }
        int exitCode = awaitExit(process);
        long drainDeadline = System.nanoTime() + DRAIN_GRACE.toNanos();
        out.await(drainDeadline);
        err.await(drainDeadline);
        feeder.interrupt();
        return new Result(command, exitCode, out.bytes(), err.bytes(), timedOut, Duration.ofNanos(System.nanoTime() - start));
    }

    private void feed(OutputStream in) {
        try (in) {
            in.write(stdin);
        } catch (IOException ignored) {
            // The process exited or closed stdin early; that is its business.
        }
    }

    /** Kills descendants first (so they cannot be re-parented and linger), then the process. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static int awaitExit(Process process) {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    /** Copies one output stream into memory on its own thread. */
    private static final class Pump {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;

        private Pump(String name, InputStream in) {
            // Platform daemon thread: a read blocked on a pipe held open by a stray grandchild must not keep the JVM alive.
            thread = Thread.ofPlatform().daemon().name("pump " + name).unstarted(() -> copy(in));
        }

        static Pump start(String name, InputStream in) {
            Pump pump = new Pump(name, in);
            pump.thread.start();
            return pump;
        }

        private void copy(InputStream in) {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) != -1; ) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // Stream closed under us; keep what was read.
            }
        }

        void await(long deadlineNanos) {
            long remaining = deadlineNanos - System.nanoTime();
            try {
                if (remaining > 0) {
                    thread.join(Duration.ofNanos(remaining));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        byte[] bytes() {
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }
    }

    /**
     * Outcome of a run.
     *
     * @param exitCode the process's exit status, or -1 if it could not be reaped
     * @param timedOut whether the deadline passed and the process tree was killed
     */
    public record Result(List<String> command, int exitCode, byte[] stdout, byte[] stderr, boolean timedOut, Duration elapsed) {
        public Result {
            command = List.copyOf(command);
            Objects.requireNonNull(stdout);
            Objects.requireNonNull(stderr);
            Objects.requireNonNull(elapsed);
        }

        /** Stdout decoded as UTF-8. */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Stderr decoded as UTF-8. */
        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** A multi-line description for assertion messages. */
        public String describe() {
            List<String> lines = new ArrayList<>();
            lines.add("command: " + String.join(" ", command));
            lines.add("exit: " + exitCode + (timedOut ? " (timed out after " + elapsed + ")" : ""));
            lines.add("stdout: " + stdoutText());
            lines.add("stderr: " + stderrText());
            return String.join("\n", lines);
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}

package dev.seashell.forwarding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-running OpenSSH {@code ssh -N} child whose stderr is read line by line, so a test can wait
 * (bounded) for the line saying its forward is up instead of sleeping.
 */
final class SshChildProcess implements AutoCloseable {
    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder seen = new StringBuilder();

    SshChildProcess(List<String> command) throws IOException {
        process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        process.getOutputStream().close();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.add(line);
            } catch (IOException ignored) {
                // process killed
            }
            lines.add(EOF);
        });
    }

    /** Waits for a stderr line matching {@code pattern}; fails if ssh exits or the time runs out. */
    Matcher awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) throw new AssertionError("timed out waiting for /" + pattern + "/ in ssh stderr:\n" + seen);
            if (line.equals(EOF)) throw new AssertionError("ssh exited (" + exitCode() + ") before /" + pattern + "/:\n" + seen);
            seen.append(line).append('\n');
            Matcher m = pattern.matcher(line);
            if (m.find()) return m;
        }
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            return "interrupted";
        }
    }

    String stderrSoFar() {
        return seen.toString();
    }

    /** Connects to a port ssh forwards; a failure reports what ssh has said (within 2 s more). */
    java.net.Socket connect(int port) throws IOException, InterruptedException {
        // Seen about one run in six under load: ssh has printed "listening" and yet the first connect
        // is refused; a few bounded retries while ssh is alive tell that apart from a dead forward.
        IOException last = null;
        for (int attempt = 0; attempt < 10 && process.isAlive(); attempt++) {
            try {
                return ForwardTestSupport.connect("127.0.0.1", port);
            } catch (java.net.ConnectException refused) {
                last = refused;
                Thread.sleep(300);
            }
        }
        try {
            if (last != null) throw last;
            return ForwardTestSupport.connect("127.0.0.1", port);
        } catch (IOException e) {
            String line;
            while ((line = lines.poll(2, TimeUnit.SECONDS)) != null && !line.equals(EOF)) seen.append(line).append('\n');
            throw new AssertionError("connect to " + port + " failed (" + e + "); ssh alive=" + process.isAlive()
                    + ", stderr:\n" + seen, e);
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

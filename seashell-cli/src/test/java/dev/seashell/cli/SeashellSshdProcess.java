package dev.seashell.cli;

import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code seashell sshd -D -e -f config} on a loopback port with a fresh host key and one authorized
 * user key, for OpenSSH's {@code ssh} to log in to; its log lines are kept for assertions.
 */
final class SeashellSshdProcess implements AutoCloseable {
    final int port;
    final Path userKey;
    private final Process process;
    private final Queue<String> log = new ConcurrentLinkedQueue<>();

    private SeashellSshdProcess(int port, Path userKey, Process process) {
        this.port = port;
        this.userKey = userKey;
        this.process = process;
    }

    /** Starts the server with {@code extraLines} after a working base config; waits (bounded) until it listens. */
    static SeashellSshdProcess start(Path dir, String extraLines) throws Exception {
        OpenSsh.assumeSsh();
        Path hostKey = dir.resolve("host-" + System.nanoTime());
        OpenSsh.keygen("ed25519", 0, hostKey, "h");
        Path userKey = dir.resolve("id-" + System.nanoTime());
        OpenSsh.keygen("ed25519", 0, userKey, "u");
        Path ak = dir.resolve("ak-" + System.nanoTime());
        Files.copy(Path.of(userKey + ".pub"), ak);
        int port = FreePort.pick();
        Path cfg = dir.resolve("sshd_config-" + System.nanoTime());
        Files.writeString(cfg, "Port " + port + "\nListenAddress 127.0.0.1\nHostKey " + hostKey + "\nAuthorizedKeysFile " + ak
                + "\nPidFile none\nPerSourcePenalties no\n" + extraLines);
        Process p = new ProcessBuilder(CliPeersTest.seashell("sshd", "-D", "-e", "-f", cfg.toString()))
                .redirectErrorStream(true).start();
        SeashellSshdProcess s = new SeashellSshdProcess(port, userKey, p);
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    s.log.add(line);
                    if (line.contains("Server listening")) listening.complete(true);
                }
            } catch (IOException ignored) {
                // the server ended
            }
            listening.complete(false);
        });
        if (!listening.get(90, TimeUnit.SECONDS)) {
            s.close();
            throw new IllegalStateException("sshd did not start: " + String.join("\n", s.log));
        }
        return s;
    }

    /** OpenSSH's ssh to this server as the current user, with the given options and arguments. */
    List<String> ssh(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", String.valueOf(port),
                "-i", userKey.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    ProcessRunner.Result run(String... args) {
        return ProcessRunner.command(ssh(args)).timeout(Duration.ofSeconds(60)).run();
    }

    /**
     * Runs {@code ssh -N -L port:target}, sends {@code text} through the forward once it listens and
     * returns what came back, then ssh's stderr after it is stopped.
     */
    String[] throughLocalForward(String target, String text) throws Exception {
        int port = FreePort.pick();
        Path err = Files.createTempFile("ssh-L", ".err");
        Process p = new ProcessBuilder(ssh("-N", "-o", "ExitOnForwardFailure=yes", "-L", port + ":" + target, "127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(err.toFile()).start();
        try (java.net.Socket s = ForwardCliTest.connectWithin(port, Duration.ofSeconds(60), p)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            String back;
            try {
                back = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                back = ""; // a refused forward: ssh closed the socket with our bytes unread, so the kernel sent RST
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (back.isEmpty() && !Files.readString(err).contains("open failed") && System.nanoTime() < deadline) {
                Thread.sleep(50); // ssh logs the refusal just after it closes the connection
            }
            return new String[] {back, Files.readString(err)};
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(err);
        }
    }

    /** Whether a log line containing {@code text} appears within a bounded wait. */
    boolean logged(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (log.stream().anyMatch(l -> l.contains(text))) return true;
            Thread.sleep(50); // polling the log with a deadline
        }
        return false;
    }

    String logText() {
        return String.join("\n", log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}

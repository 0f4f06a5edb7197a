package dev.seashell.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real X server for X11 forwarding tests: Debian's Xvfb on a free display it picks itself
 * ({@code -displayfd}), unix socket only, with a MIT-MAGIC-COOKIE-1 in a private authority file.
 */
final class Xvfb implements AutoCloseable {
    static final Path XVFB = Path.of("/usr/bin/Xvfb");
    static final Path XAUTH = Path.of("/usr/bin/xauth");
    static final Path XDPYINFO = Path.of("/usr/bin/xdpyinfo");

    final int display;
    final Path authority;
    private final Process process;

    private Xvfb(int display, Path authority, Process process) {
        this.display = display;
        this.authority = authority;
        this.process = process;
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(XVFB), "Xvfb not installed (Debian package xvfb)");
        assumeTrue(Files.isExecutable(XAUTH), "xauth not installed");
        assumeTrue(Files.isExecutable(XDPYINFO), "xdpyinfo not installed (Debian package x11-utils)");
    }

    /** Starts Xvfb with one screen of {@code geometry} (e.g. {@code 1234x567x24}); waits (bounded) until it serves. */
    static Xvfb start(Path dir, String geometry) throws Exception {
        assumeInstalled();
        byte[] c = new byte[16];
        new SecureRandom().nextBytes(c);
        String cookie = HexFormat.of().formatHex(c);
        Path auth = dir.resolve("Xauthority-" + System.nanoTime());
        // The server loads every cookie in the file; the display number is known only once it started.
        xauth(auth, "add", ":65000", ".", cookie);
        Process p = new ProcessBuilder(XVFB.toString(), "-displayfd", "1", "-screen", "0", geometry, "-nolisten", "tcp",
                "-auth", auth.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<Integer> number = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String line = r.readLine();
                number.complete(line == null ? -1 : Integer.parseInt(line.trim()));
                r.transferTo(java.io.Writer.nullWriter());
            } catch (Exception e) {
                number.complete(-1);
            }
        });
        int n = number.get(60, TimeUnit.SECONDS);
        Xvfb x = new Xvfb(n, auth, p);
        if (n < 0) {
            x.close();
            throw new IllegalStateException("Xvfb did not start");
        }
        xauth(auth, "add", ":" + n, ".", cookie);
        return x;
    }

    private static void xauth(Path file, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = XAUTH.toString();
        cmd[1] = "-f";
        cmd[2] = file.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        var r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(30)).run();
        if (r.exitCode() != 0) throw new IllegalStateException(r.describe());
    }

    String displayName() {
        return ":" + display;
    }

    /** xdpyinfo run here, straight at the display: the reference output. */
    ProcessRunner.Result xdpyinfo() {
        return ProcessRunner.command(XDPYINFO.toString()).env("DISPLAY", displayName())
                .env("XAUTHORITY", authority.toString()).timeout(Duration.ofSeconds(30)).run();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}

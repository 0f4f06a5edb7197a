package dev.seashell.forwarding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * How ssh obtains the cookie it forwards for {@code -X}/{@code -Y} (clientloop.c
 * client_x11_get_proto). Trusted ({@code -Y}, ForwardX11Trusted yes): the display's entry in
 * {@code xauth list}. Untrusted ({@code -X}): a fresh cookie from
 * {@code xauth -f DIR/xauthfile generate DISPLAY MIT-MAGIC-COOKIE-1 untrusted timeout T} (T =
 * ForwardX11Timeout + 60 s of slack, no timeout for 0) in a private temp directory, read back with
 * {@code list}; connections are refused once ForwardX11Timeout has passed. If that fails nothing is
 * forwarded (no fake fallback for untrusted), as ssh does.
 */
public final class X11Cookie {
    /** ssh's X11_TIMEOUT_SLACK: the X server keeps the cookie this much longer than ssh accepts connections. */
    static final long TIMEOUT_SLACK_SECONDS = 60;
    private static final Duration XAUTH_LIMIT = Duration.ofSeconds(30);

    /**
     * The result: {@code cookie} is the real cookie, or null when ssh would send fake data on
     * (trusted without xauth data); {@code refuseAfter} is when x11 channels stop being accepted
     * (null: never).
     */
    public record Result(byte[] cookie, Duration refuseAfter) {}

    private X11Cookie() {}

    /**
     * @param warn the messages ssh prints as errors (to stderr)
     * @return the cookie, or null when X11 forwarding must not be requested
     */
    public static Result obtain(String xauthPath, String display, boolean trusted, Duration timeout,
                                Consumer<String> warn, Consumer<String> debug) {
        boolean haveXauth = xauthPath != null && Files.isExecutable(Path.of(xauthPath));
        if (!haveXauth) debug.accept("No xauth program.");
        byte[] cookie = null;
        Duration refuseAfter = null;
        if (haveXauth) {
            String xdisplay = xauthDisplay(display);
            if (trusted) {
                cookie = list(run(listCommand(xauthPath, null, xdisplay), debug));
            } else {
                Path dir = null;
                try {
                    dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ssh-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    Path file = dir.resolve("xauthfile");
                    long seconds = timeout.toSeconds();
                    if (run(generateCommand(xauthPath, file, xdisplay, seconds), debug) != null) {
                        cookie = list(run(listCommand(xauthPath, file, xdisplay), debug));
                    }
                    if (seconds != 0) refuseAfter = timeout;
                } catch (IOException | UnsupportedOperationException e) {
                    debug.accept("X11 temp directory: " + e.getMessage());
                } finally {
                    deleteQuietly(dir);
                }
            }
        }
        if (!trusted && cookie == null) {
            warn.accept("Warning: untrusted X11 forwarding setup failed: xauth key data not generated");
            return null;
        }
        return new Result(cookie, refuseAfter);
    }

    /** xauth knows a {@code localhost:N} display as {@code unix:N}, as ssh rewrites it. */
    static String xauthDisplay(String display) {
        return display.startsWith("localhost:") ? "unix:" + display.substring("localhost:".length()) : display;
    }

    static List<String> generateCommand(String xauth, Path file, String display, long timeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of(xauth, "-f", file.toString(), "generate", display,
                X11ForwardingClient.PROTOCOL, "untrusted"));
        if (timeoutSeconds != 0) {
            long real = timeoutSeconds < 0xffffffffL - TIMEOUT_SLACK_SECONDS ? timeoutSeconds + TIMEOUT_SLACK_SECONDS : 0xffffffffL;
            cmd.addAll(List.of("timeout", Long.toString(real)));
        }
        return cmd;
    }

    static List<String> listCommand(String xauth, Path file, String display) {
        return file == null ? List.of(xauth, "list", display) : List.of(xauth, "-f", file.toString(), "list", display);
    }

    /** The first line's cookie, if its protocol is MIT-MAGIC-COOKIE-1 (the only one forwarded). */
    private static byte[] list(String out) {
        if (out == null) return null;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) continue;
            if (!f[1].equals(X11ForwardingClient.PROTOCOL) || !f[2].matches("([0-9a-fA-F]{2}){1,256}")) return null;
            return HexFormat.of().parseHex(f[2]);
        }
        return null;
    }

    /** Runs xauth with stderr discarded (ssh's 2>/dev/null); stdout if it exits 0 in time, else null. */
    private static String run(List<String> cmd, Consumer<String> debug) {
        debug.accept("xauth command: " + String.join(" ", cmd));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            var out = new java.util.concurrent.CompletableFuture<byte[]>();
            Thread.ofVirtual().start(() -> {
                try (var in = p.getInputStream()) {
                    out.complete(in.readNBytes(64 * 1024));
                } catch (IOException e) {
                    out.complete(new byte[0]);
                }
            });
            if (!p.waitFor(XAUTH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            byte[] bytes = out.get(XAUTH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            return p.exitValue() == 0 ? new String(bytes, StandardCharsets.US_ASCII) : null;
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            debug.accept("xauth: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover temp directory of our own: harmless
        }
    }
}

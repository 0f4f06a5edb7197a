package dev.seashell.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 and a free high port, with its own config, host keys,
 * authorized_keys and DEBUG3 log in a temp directory. It never reads /etc/ssh or binds port 22.
 *
 * <pre>{@code
 * try (OpenSshServer sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).config("KexAlgorithms curve25519-sha256").start()) {
 *     ... connect to 127.0.0.1:sshd.port(), trusting sshd.knownHostsLine() ...
 * }
 * }</pre>
 *
 * <p>As root, sshd needs the privilege-separation directory /run/sshd (created here) and lets any
 * local account log in. As an ordinary user, sshd 9.x runs without privilege separation's chroot
 * and can only log in the invoking user (by public key; passwords need root to read shadow).
 */
public final class OpenSshServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Duration START_DEADLINE = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final List<String> DEFAULT_HOST_KEY_TYPES = List.of("ed25519", "ecdsa", "rsa");

    private final Path dir;
    private final Process process;
    private final int port;
    private final List<Path> hostKeys;
    private volatile String logAfterClose;

    private OpenSshServer(Path dir, Process process, int port, List<Path> hostKeys) {
        this.dir = dir;
        this.process = process;
        this.port = port;
        this.hostKeys = List.copyOf(hostKeys);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The TCP port sshd listens on (host is always {@value #HOST}). */
    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    /** The temp directory holding sshd_config, keys, authorized_keys and the log. */
    public Path directory() {
        return dir;
    }

    public Path authorizedKeysFile() {
        return dir.resolve("authorized_keys");
    }

    /** Appends one public-key line; sshd re-reads the file on every authentication attempt. */
    public void addAuthorizedKey(String publicKeyLine) {
        appendLine(authorizedKeysFile(), publicKeyLine);
    }

    /** Private host-key files in the order given to sshd. */
    public List<Path> hostKeyFiles() {
        return hostKeys;
    }

    /** The host public keys as OpenSSH .pub lines ({@code type base64 comment}), in HostKey order. */
    public List<String> hostKeyPublicLines() {
        List<String> lines = new ArrayList<>();
        for (Path key : hostKeys) {
            lines.add(read(OpenSsh.publicKeyFile(key)).strip());
        }
        return lines;
    }

    /**
     * known_hosts content trusting every host key of this server, one line per key, each
     * {@code [127.0.0.1]:port type base64}, newline-terminated.
     */
    public String knownHostsLine() {
        StringBuilder sb = new StringBuilder();
        for (String line : hostKeyPublicLines()) {
            String[] parts = line.split("\\s+");
            sb.append('[').append(HOST).append("]:").append(port).append(' ').append(parts[0]).append(' ').append(parts[1]).append('\n');
        }
        return sb.toString();
    }

    public Path logFile() {
        return dir.resolve("sshd.log");
    }

    /** Everything sshd (and its per-connection children) logged so far, at the configured LogLevel. */
    public String log() {
        String closed = logAfterClose;
        return closed != null ? closed : read(logFile()) + readIfExists(dir.resolve("sshd.out"));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Stops sshd and any session processes it forked, waits for them, removes the temp dir. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                ProcessRunner.killTree(process);
                process.waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : children) {
                child.onExit().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // A child that will not die within 5 s was sent SIGKILL; nothing more to do.
        }
        if (logAfterClose == null) {
            logAfterClose = read(logFile()) + readIfExists(dir.resolve("sshd.out"));
        }
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "OpenSshServer[" + HOST + ":" + port + ", pid " + process.pid() + ", dir " + dir + "]";
    }

    /** Configures and starts an {@link OpenSshServer}. */
    public static final class Builder {
        private final List<String> extraConfig = new ArrayList<>();
        private final List<String> authorizedKeys = new ArrayList<>();
        private List<String> hostKeyTypes = DEFAULT_HOST_KEY_TYPES;
        private boolean freshHostKeys;

        private Builder() {}

        /**
         * Extra sshd_config lines, e.g. {@code "KexAlgorithms curve25519-sha256"}, {@code "RekeyLimit 1M"}.
         * A line whose keyword matches one of the fixture's defaults (LogLevel, Subsystem,
         * StrictModes, HostKey, ...) replaces that default. Lines from the first {@code Match} on go last.
         */
        public Builder config(String... lines) {
            extraConfig.addAll(List.of(lines));
            return this;
        }

        /** A line for authorized_keys (more can be added later with {@link #addAuthorizedKey}). */
        public Builder authorizedKey(String publicKeyLine) {
            authorizedKeys.add(publicKeyLine);
            return this;
        }

        /** Host key types (ssh-keygen -t names) in HostKey order; default ed25519, ecdsa, rsa. */
        public Builder hostKeyTypes(String... types) {
            if (types.length == 0) {
                throw new IllegalArgumentException("sshd needs at least one host key");
            }
            hostKeyTypes = List.of(types);
            return this;
        }

        /** Generate new host keys for this server instead of reusing the per-JVM shared set. */
        public Builder freshHostKeys() {
            freshHostKeys = true;
            return this;
        }

        /**
         * Writes the config, starts {@code sshd -D -e -f sshd_config -E sshd.log} and waits until it
         * accepts connections on its port (retrying on a new port if another process took it).
         */
        public OpenSshServer start() {
            OpenSsh.assumeSshd();
            if (OpenSsh.isRoot()) {
                ensurePrivsepDir();
            }
            Path dir = TempDirs.create("seashell-sshd");
            List<Path> keys = freshHostKeys ? generateHostKeys(dir, hostKeyTypes) : SharedHostKeys.get(hostKeyTypes);
            Path authorized = dir.resolve("authorized_keys");
            write(authorized, "");
            authorizedKeys.forEach(line -> appendLine(authorized, line));
            IllegalStateException last = null;
            for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
                int port = FreePort.pick();
                Path config = dir.resolve("sshd_config");
                write(config, renderConfig(dir, port, keys));
                checkConfig(config);
                try {
                    return launch(dir, config, port, keys);
                } catch (PortTakenException e) {
                    last = new IllegalStateException(e.getMessage());
                }
            }
            TempDirs.deleteQuietly(dir);
            throw last;
        }

        private String renderConfig(Path dir, int port, List<Path> keys) {
            Map<String, List<String>> defaults = new LinkedHashMap<>();
            defaults.put("listenaddress", List.of("ListenAddress " + HOST + ":" + port));
            defaults.put("hostkey", keys.stream().map(k -> "HostKey " + k).toList());
            defaults.put("pidfile", List.of("PidFile " + dir.resolve("sshd.pid")));
            defaults.put("authorizedkeysfile", List.of("AuthorizedKeysFile " + dir.resolve("authorized_keys")));
            defaults.put("strictmodes", List.of("StrictModes no"));
            defaults.put("usepam", List.of("UsePAM no"));
            defaults.put("loglevel", List.of("LogLevel DEBUG3"));
            defaults.put("subsystem", List.of("Subsystem sftp " + OpenSsh.SFTP_SERVER));
            defaults.put("printmotd", List.of("PrintMotd no"));
            defaults.put("printlastlog", List.of("PrintLastLog no"));
            defaults.put("logingracetime", List.of("LoginGraceTime 30"));
            if (OpenSsh.atLeast(9, 8)) {
                // 9.8+ penalises addresses with repeated failed auth; tests fail auth on purpose from 127.0.0.1.
                defaults.put("persourcepenalties", List.of("PerSourcePenalties no"));
            }
            List<String> global = new ArrayList<>();
            List<String> matchBlocks = new ArrayList<>();
            Set<String> overridden = new HashSet<>();
            for (String line : extraConfig) {
                String keyword = keyword(line);
                if (keyword.equals("match") || !matchBlocks.isEmpty()) {
                    matchBlocks.add(line);
                } else {
                    global.add(line);
                    if (!keyword.equals("listenaddress") && !keyword.equals("port")) {
                        overridden.add(keyword);
                    }
                }
            }
            StringBuilder sb = new StringBuilder("# Written by dev.seashell.testing.OpenSshServer\n");
            global.forEach(l -> sb.append(l).append('\n'));
            defaults.forEach((keyword, lines) -> {
                if (!overridden.contains(keyword)) {
                    lines.forEach(l -> sb.append(l).append('\n'));
                }
            });
            matchBlocks.forEach(l -> sb.append(l).append('\n'));
            return sb.toString();
        }

        private static String keyword(String line) {
            String s = line.strip();
            int end = 0;
            while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && s.charAt(end) != '=') {
                end++;
            }
            return s.substring(0, end).toLowerCase(Locale.ROOT);
        }

        private static void checkConfig(Path config) {
            ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSHD.toString(), "-t", "-f", config.toString())
                    .timeout(Duration.ofSeconds(20)).run();
            if (r.exitCode() != 0) {
                throw new IllegalStateException("sshd rejected the config " + config + ":\n" + r.stderrText() + "\n" + read(config));
            }
        }

        private static OpenSshServer launch(Path dir, Path config, int port, List<Path> keys) {
            Path log = dir.resolve("sshd.log");
            write(log, "");
            ProcessBuilder pb = new ProcessBuilder(OpenSsh.SSHD.toString(), "-D", "-e", "-f", config.toString(), "-E", log.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.out").toFile());
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + OpenSsh.SSHD, e);
            }
            OpenSshServer server = new OpenSshServer(dir, process, port, keys);
            String listening = "Server listening on " + HOST + " port " + port + ".";
            long deadline = System.nanoTime() + START_DEADLINE.toNanos();
            long backoffMillis = 5;
            while (true) {
                if (!process.isAlive()) {
                    String text = read(log) + readIfExists(dir.resolve("sshd.out"));
                    if (text.contains("Address already in use") || text.contains("Cannot bind any address")) {
                        throw new PortTakenException("port " + port + " taken:\n" + text);
                    }
                    TempDirs.deleteQuietly(dir);
                    throw new IllegalStateException("sshd exited with " + process.exitValue() + ":\n" + text);
                }
                // Our sshd owns the port only if it logged binding it; a banner alone could come from someone else's server.
                boolean bound = read(log).contains(listening) || !logsInfo(config);
                if (bound && answersWithBanner(port)) {
                    return server;
                }
                if (System.nanoTime() > deadline) {
                    String text = server.log();
                    server.close();
                    throw new IllegalStateException("sshd did not accept connections on port " + port + " within " + START_DEADLINE + ":\n" + text);
                }
                // Bounded back-off between readiness probes, not a synchronisation sleep.
                try {
                    Thread.sleep(backoffMillis);
                } catch (InterruptedException e) {
                    server.close();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting sshd", e);
                }
                backoffMillis = Math.min(backoffMillis * 2, 200);
            }
        }

        private static boolean logsInfo(Path config) {
            for (String line : read(config).split("\n")) {
                if (keyword(line).equals("loglevel")) {
                    String level = line.strip().substring("loglevel".length()).replace("=", " ").strip().toUpperCase(Locale.ROOT);
                    return !(level.equals("QUIET") || level.equals("FATAL") || level.equals("ERROR"));
                }
            }
            return true;
        }

        private static boolean answersWithBanner(int port) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
                socket.setSoTimeout(2000);
                byte[] buf = new byte[8];
                int n = socket.getInputStream().readNBytes(buf, 0, buf.length);
                return n == buf.length && new String(buf, StandardCharsets.US_ASCII).equals("SSH-2.0-");
            } catch (IOException e) {
                return false;
            }
        }

        private static void ensurePrivsepDir() {
            Path run = Path.of("/run/sshd");
            try {
                if (!Files.isDirectory(run)) {
                    Files.createDirectories(run);
                    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("sshd as root needs " + run, e);
            }
        }
    }

    /** Host keys are slow to generate (RSA), so servers in one JVM share one set unless asked not to. */
    private static final class SharedHostKeys {
        private static final Map<String, Path> KEYS = new LinkedHashMap<>();
        private static Path dir;

        static synchronized List<Path> get(List<String> types) {
            if (dir == null) {
                dir = TempDirs.create("seashell-hostkeys");
            }
            List<Path> result = new ArrayList<>();
            for (String type : types) {
                result.add(KEYS.computeIfAbsent(type, t -> generateHostKeys(dir, List.of(t)).getFirst()));
            }
            return result;
        }
    }

    private static List<Path> generateHostKeys(Path dir, List<String> types) {
        List<Path> keys = new ArrayList<>();
        for (String type : types) {
            Path key = dir.resolve("ssh_host_" + type + "_key");
            OpenSsh.keygen(type, 0, key, "seashell-test-host-" + type);
            keys.add(key);
        }
        return keys;
    }

    private static final class PortTakenException extends RuntimeException {
        PortTakenException(String message) {
            super(message);
        }
    }

    static String read(Path file) {
        try {
            // Lenient decoding: logs may quote bytes a peer sent.
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readIfExists(Path file) {
        return Files.exists(file) ? read(file) : "";
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void appendLine(Path file, String line) {
        try {
            Files.writeString(file, line.strip() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.seashell.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds and runs an OpenSSH {@code ssh} command against 127.0.0.1, isolated from the user's
 * ~/.ssh: {@code -F /dev/null}, a temp known_hosts, {@code BatchMode=yes}, {@code IdentitiesOnly=yes}.
 * Host keys are checked strictly unless {@link #insecureAcceptAnyHostKey()} is called.
 *
 * <pre>{@code
 * UserKey key = OpenSshClient.newUserKey();
 * ProcessRunner.Result r = OpenSshClient.to(sshd).identity(key).run("echo", "hello");
 * }</pre>
 */
public final class OpenSshClient {
    private final int port;
    private String user = System.getProperty("user.name");
    private Path identity;
    private String knownHosts = "";
    private boolean strictHostKeys = true;
    private final List<String> options = new ArrayList<>();
    private final List<String> extraArgs = new ArrayList<>();
    private byte[] stdin = new byte[0];
    private Duration timeout = Duration.ofSeconds(30);

    private OpenSshClient(int port) {
        this.port = port;
    }

    /** A client for 127.0.0.1:{@code port}; add trusted host keys with {@link #knownHosts}. */
    public static OpenSshClient to(int port) {
        return new OpenSshClient(port);
    }

    /** A client for an {@link OpenSshServer}, already trusting its host keys. */
    public static OpenSshClient to(OpenSshServer server) {
        return new OpenSshClient(server.port()).knownHosts(server.knownHostsLine());
    }

    /** Login name; default the current user ({@code user.name}). */
    public OpenSshClient user(String user) {
        this.user = user;
        return this;
    }

    /** Private key for public-key auth ({@code -i}). */
    public OpenSshClient identity(Path privateKey) {
        this.identity = privateKey;
        return this;
    }

    public OpenSshClient identity(UserKey key) {
        return identity(key.privateKey());
    }

    /** known_hosts content to trust, e.g. {@code [127.0.0.1]:2222 ssh-ed25519 AAAA...}; host keys are checked strictly. */
    public OpenSshClient knownHosts(String content) {
        this.knownHosts = content;
        this.strictHostKeys = true;
        return this;
    }

    /** {@code StrictHostKeyChecking=no} with an empty known_hosts: for tests that do not care which key the server has. */
    public OpenSshClient insecureAcceptAnyHostKey() {
        this.strictHostKeys = false;
        this.knownHosts = "";
        return this;
    }

    /** An {@code -o} option, e.g. {@code "KexAlgorithms=curve25519-sha256"} or {@code "Ciphers=aes128-ctr"}. */
    public OpenSshClient option(String keyEqualsValue) {
        options.add(keyEqualsValue);
        return this;
    }

    /** Raw arguments placed before the destination, e.g. {@code "-v"}, {@code "-N"}, {@code "-s"}. */
    public OpenSshClient args(String... args) {
        extraArgs.addAll(List.of(args));
        return this;
    }

    public OpenSshClient stdin(byte[] bytes) {
        this.stdin = bytes.clone();
        return this;
    }

    public OpenSshClient stdin(String text) {
        return stdin(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Deadline for the whole ssh run; default 30 s. */
    public OpenSshClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** The full ssh argument vector for {@code remoteCommand}, using {@code knownHostsFile}. */
    public List<String> commandLine(Path knownHostsFile, String... remoteCommand) {
        List<String> cmd = new ArrayList<>(List.of(
                OpenSsh.SSH.toString(), "-F", "/dev/null",
                "-p", Integer.toString(port),
                "-l", user,
                "-o", "UserKnownHostsFile=" + knownHostsFile,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=" + (strictHostKeys ? "yes" : "no"),
                "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=10"));
        if (identity != null) {
            cmd.addAll(List.of("-i", identity.toString()));
        }
        for (String option : options) {
            cmd.addAll(List.of("-o", option));
        }
        cmd.addAll(extraArgs);
        cmd.add(OpenSshServer.HOST);
        cmd.addAll(List.of(remoteCommand));
        return cmd;
    }

    /** Runs ssh with {@code remoteCommand} (none: the server's default) and returns its outcome. */
    public ProcessRunner.Result run(String... remoteCommand) {
        OpenSsh.assumeSsh();
        Path dir = TempDirs.create("seashell-ssh");
        try {
            Path knownHostsFile = dir.resolve("known_hosts");
            Files.writeString(knownHostsFile, knownHosts, StandardCharsets.UTF_8);
            return ProcessRunner.command(commandLine(knownHostsFile, remoteCommand)).stdin(stdin).timeout(timeout).run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }

    /** A new passphrase-less ed25519 user key in its own temp directory. */
    public static UserKey newUserKey() {
        return newUserKey("ed25519");
    }

    /** A new passphrase-less user key of an ssh-keygen {@code -t} type (ed25519, ecdsa, rsa). */
    public static UserKey newUserKey(String type) {
        OpenSsh.assumeSsh();
        Path key = TempDirs.create("seashell-userkey").resolve("id_" + type);
        OpenSsh.keygen(type, 0, key, "seashell-test-user");
        return UserKey.of(key);
    }

    /**
     * A user key pair on disk.
     *
     * @param publicLine the .pub line ({@code type base64 comment}) for authorized_keys
     */
    public record UserKey(Path privateKey, Path publicKey, String publicLine) {
        /** Reads an existing key pair ({@code file} and {@code file.pub}). */
        public static UserKey of(Path privateKey) {
            Path pub = OpenSsh.publicKeyFile(privateKey);
            return new UserKey(privateKey, pub, OpenSshServer.read(pub).strip());
        }
    }
}

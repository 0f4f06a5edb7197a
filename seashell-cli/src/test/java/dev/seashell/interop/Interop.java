package dev.seashell.interop;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.Algorithms;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Shared pieces of the OpenSSH interop tests: algorithm lists both sides know, host keys, child JVMs, digests. */
final class Interop {
    static final String HOST = "127.0.0.1";
    static final String USER = System.getProperty("user.name");

    private static final Map<String, List<String>> QUERIES = new ConcurrentHashMap<>();
    private static final Map<String, SshKeyPair> HOST_KEYS = new ConcurrentHashMap<>();

    private Interop() {}

    /** The lines of {@code ssh -Q what}, or an empty list when ssh is missing (tests then skip). */
    static List<String> openSshQuery(String what) {
        if (!OpenSsh.hasSsh()) {
            return List.of();
        }
        return QUERIES.computeIfAbsent(what, w -> {
            ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSH.toString(), "-Q", w).timeout(Duration.ofSeconds(10)).run();
            if (r.exitCode() != 0) {
                throw new IllegalStateException(r.describe());
            }
            return r.stdoutText().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        });
    }

    /** Seashell's names (in Seashell's order) that the installed OpenSSH also lists for {@code ssh -Q what}. */
    static List<String> common(String what, List<String> seashell) {
        List<String> theirs = openSshQuery(what);
        return seashell.stream().filter(theirs::contains).toList();
    }

    /** For @MethodSource: one argument per common name; a single placeholder when ssh is absent so the test can skip. */
    static Stream<String> commonOrPlaceholder(String what, List<String> seashell) {
        List<String> names = common(what, seashell);
        return names.isEmpty() ? Stream.of("(openssh-missing)") : names.stream();
    }

    static boolean isSha1(String algorithm) {
        return algorithm.endsWith("-sha1") || algorithm.startsWith("hmac-sha1") || algorithm.equals("ssh-rsa");
    }

    /** Everything Seashell implements, SHA-1 included: the server side of the algorithm matrix. */
    static TransportConfig allAlgorithms() {
        return TransportConfig.defaults()
                .withKex(Algorithms.SUPPORTED_KEX)
                .withHostKeyAlgorithms(Algorithms.SUPPORTED_HOST_KEY)
                .withCiphers(Algorithms.SUPPORTED_CIPHERS)
                .withMacs(Algorithms.SUPPORTED_MACS);
    }

    /**
     * A key pair made once per JVM: by ssh-keygen (much faster than the JDK for RSA, and shared with
     * {@link #userKeyFile}) and read back with PrivateKeyFiles when OpenSSH is installed, else by KeyGen.
     */
    static SshKeyPair hostKey(String type, int bits) {
        return HOST_KEYS.computeIfAbsent(type + bits, k -> {
            if (!OpenSsh.hasSsh()) {
                return KeyGen.generate(type, bits, "interop-host-" + k);
            }
            try {
                return PrivateKeyFiles.read(userKeyFile(type, bits), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Ed25519, ECDSA 256/384/521 and RSA 3072 host keys. */
    static List<SshKeyPair> allHostKeys() {
        return List.of(hostKey("ed25519", 0), hostKey("ecdsa", 256), hostKey("ecdsa", 384), hostKey("ecdsa", 521), hostKey("rsa", 3072));
    }

    private static final Map<String, Path> USER_KEYS = new ConcurrentHashMap<>();

    /**
     * A passphrase-less user key file made by ssh-keygen once per JVM and type (key generation,
     * RSA above all, is the slow part of these tests); callers copy it before changing it.
     */
    static Path userKeyFile(String type, int bits) {
        return USER_KEYS.computeIfAbsent(type + bits, k -> {
            try {
                Path file = Files.createTempDirectory("interop-userkey").resolve("id_" + k);
                OpenSsh.keygen(type, bits, file, "interop-user-" + k);
                file.toFile().deleteOnExit();
                OpenSsh.publicKeyFile(file).toFile().deleteOnExit();
                file.getParent().toFile().deleteOnExit();
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * Copies {@link #userKeyFile} to {@code target} (and target.pub), rewritten by {@code ssh-keygen -p}
     * in {@code format} ("OpenSSH" or "PEM") with {@code passphrase} ("" for none).
     */
    static Path userKeyCopy(String type, int bits, Path target, String format, String passphrase) {
        Path source = userKeyFile(type, bits);
        try {
            Files.copy(source, target);
            Files.copy(OpenSsh.publicKeyFile(source), OpenSsh.publicKeyFile(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-p", "-f", target.toString(), "-P", "", "-N", passphrase));
        if (!format.equals("OpenSSH")) {
            cmd.addAll(List.of("-m", format)); // ssh-keygen -m names only the foreign formats; its own is the default
        }
        ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(30)).run();
        if (r.exitCode() != 0) {
            throw new IllegalStateException(r.describe());
        }
        return target;
    }

    /** known_hosts content trusting {@code keys} for [127.0.0.1]:port. */
    static String knownHosts(int port, List<SshKeyPair> keys) {
        StringBuilder sb = new StringBuilder();
        for (SshKeyPair k : keys) {
            sb.append('[').append(HOST).append("]:").append(port).append(' ').append(new PublicKeyLine(k.publicKey(), "").format()).append('\n');
        }
        return sb.toString();
    }

    static boolean sameKey(SshPublicKey a, SshPublicKey b) {
        return Arrays.equals(a.blob(), b.blob());
    }

    /** The argv of a child JVM running {@code dev.seashell.cli.Main args} on this test's classpath. */
    static List<String> seashell(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java command"));
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Counts non-overlapping occurrences of {@code needle}. */
    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** The first group of {@code regex} in {@code text}, or null. */
    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static Path write(Path file, String content) {
        try {
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * Writes {@code length} pseudo-random bytes (seeded, so reproducible) to {@code out}, closes it and
     * returns their SHA-256; the stream is never held in memory whole.
     */
    static String sendRandom(OutputStream out, long length, long seed) throws IOException {
        MessageDigest md = sha256();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[64 * 1024];
        try (out) {
            for (long left = length; left > 0; ) {
                int n = (int) Math.min(chunk.length, left);
                for (int i = 0; i < n; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8 && i + j < n; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                md.update(chunk, 0, n);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return hex(md.digest());
    }

    /** Reads {@code in} to its end; returns the SHA-256 and byte count. */
    static Digest digest(InputStream in) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) != -1; ) {
            md.update(buf, 0, n);
            total += n;
        }
        return new Digest(hex(md.digest()), total);
    }

    record Digest(String sha256, long bytes) {}
}

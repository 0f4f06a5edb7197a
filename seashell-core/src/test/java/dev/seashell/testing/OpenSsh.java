package dev.seashell.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the system OpenSSH binaries live and JUnit assumptions that skip (not fail) interop
 * tests when they are missing. Paths are Debian's; {@code bin/test} installs the packages when
 * it runs as root.
 */
public final class OpenSsh {
    /** sshd must be started by absolute path (it re-executes itself). */
    public static final Path SSHD = Path.of("/usr/sbin/sshd");
    public static final Path SSH = Path.of("/usr/bin/ssh");
    public static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    public static final Path SFTP = Path.of("/usr/bin/sftp");
    public static final Path SFTP_SERVER = Path.of("/usr/lib/openssh/sftp-server");
    public static final Path SSH_AUDIT = Path.of("/usr/bin/ssh-audit");

    private static final Pattern VERSION = Pattern.compile("OpenSSH_(\\d+)\\.(\\d+)");
    private static volatile String cachedVersion;

    private OpenSsh() {}

    public static boolean hasSshd() {
        return Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN);
    }

    public static boolean hasSsh() {
        return Files.isExecutable(SSH) && Files.isExecutable(SSH_KEYGEN);
    }

    /** Skips the calling test unless sshd and ssh-keygen are installed. */
    public static void assumeSshd() {
        assumeTrue(hasSshd(), "OpenSSH server not installed (" + SSHD + "); run bin/test as root to install it");
    }

    /** Skips the calling test unless ssh and ssh-keygen are installed. */
    public static void assumeSsh() {
        assumeTrue(hasSsh(), "OpenSSH client not installed (" + SSH + "); run bin/test as root to install it");
    }

    /** Skips the calling test unless the sftp client and sftp-server are installed. */
    public static void assumeSftp() {
        assumeTrue(Files.isExecutable(SFTP) && Files.isExecutable(SFTP_SERVER), "OpenSSH sftp/sftp-server not installed");
    }

    /** Skips the calling test unless ssh-audit is installed. */
    public static void assumeSshAudit() {
        assumeTrue(Files.isExecutable(SSH_AUDIT), "ssh-audit not installed (" + SSH_AUDIT + ")");
    }

    /** The client's version line, e.g. {@code OpenSSH_9.2p1 Debian-2+deb12u10, OpenSSL 3.0.19 27 Jan 2026}. */
    public static String version() {
        String v = cachedVersion;
        if (v == null) {
            ProcessRunner.Result r = ProcessRunner.command(SSH.toString(), "-V").timeout(Duration.ofSeconds(10)).run();
            v = (r.stderrText() + r.stdoutText()).strip();
            if (r.exitCode() != 0 || !v.startsWith("OpenSSH_")) {
                throw new IllegalStateException("unexpected `ssh -V` output:\n" + r.describe());
            }
            cachedVersion = v;
        }
        return v;
    }

    /** True if the installed OpenSSH is at least {@code major.minor} (e.g. 9, 8 for PerSourcePenalties). */
    public static boolean atLeast(int major, int minor) {
        Matcher m = VERSION.matcher(version());
        if (!m.find()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    /** Whether this JVM runs as uid 0 (sshd then needs /run/sshd and can log in any user). */
    public static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /**
     * Generates a key pair without passphrase with ssh-keygen: {@code file} (private, mode 0600)
     * and {@code file.pub}. {@code type} is an ssh-keygen -t value (ed25519, ecdsa, rsa);
     * {@code bits} is passed as -b when positive.
     */
    public static void keygen(String type, int bits, Path file, String comment) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(publicKeyFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", comment, "-f", file.toString()));
        if (bits > 0) {
            cmd.add("-b");
            cmd.add(Integer.toString(bits));
        }
        ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(60)).run();
        if (r.exitCode() != 0 || !Files.isRegularFile(file)) {
            throw new IllegalStateException("ssh-keygen failed:\n" + r.describe());
        }
    }

    /** {@code key.pub} next to a private key file. */
    public static Path publicKeyFile(Path privateKey) {
        return privateKey.resolveSibling(privateKey.getFileName() + ".pub");
    }
}

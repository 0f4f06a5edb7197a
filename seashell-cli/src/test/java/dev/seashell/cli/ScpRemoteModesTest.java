package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.scp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.cli.TransferFixtures.Outcome;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scp between two OpenSSH 9.2 sshd instances in each remote-to-remote mode: the default and -3
 * (through this host: SFTP, or with -O the two remote scp ends joined), and -R (the origin runs
 * OpenSSH's scp to the destination). The servers put a wrapper {@code scp} first on the sessions'
 * PATH (sshd_config SetEnv): it logs its arguments and runs /usr/bin/scp with this test's
 * ssh_config, so the origin's scp reaches the destination without touching ~/.ssh, and the tests
 * see the exact command lines each remote end ran.
 */
class ScpRemoteModesTest {
    @TempDir static Path shared;
    static Client client;
    static OpenSshServer origin;
    static OpenSshServer destination;
    static Path config;
    static Path log;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        if (!OpenSsh.hasSshd()) return;
        client = TransferFixtures.client(shared);
        Path bin = Files.createDirectory(shared.resolve("bin"));
        config = shared.resolve("ssh_config");
        log = shared.resolve("remote-scp.log");
        Path wrapper = bin.resolve("scp");
        Files.writeString(wrapper, "#!/bin/sh\necho \"$*\" >> '" + log + "'\nexec /usr/bin/scp -F '" + config + "' \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        String path = "SetEnv PATH=" + bin + ":/usr/bin:/bin";
        origin = OpenSshServer.builder().authorizedKey(client.publicLine()).config(path).start();
        destination = OpenSshServer.builder().authorizedKey(client.publicLine()).config(path).start();
        Files.writeString(client.knownHosts(), origin.knownHostsLine() + "\n" + destination.knownHostsLine() + "\n");
        Files.writeString(config, """
                Host origin
                  HostName 127.0.0.1
                  Port %d
                Host dest
                  HostName 127.0.0.1
                  Port %d
                Host *
                  IdentityFile %s
                  UserKnownHostsFile %s
                  StrictHostKeyChecking yes
                  BatchMode yes
                  KexAlgorithms curve25519-sha256
                """.formatted(origin.port(), destination.port(), client.key(), client.knownHosts()));
    }

    @AfterAll
    static void stop() {
        if (origin != null) origin.close();
        if (destination != null) destination.close();
    }

    @BeforeEach
    void clearLog() throws IOException {
        if (log != null) Files.deleteIfExists(log);
    }

    static Outcome run(String... args) {
        List<String> all = new ArrayList<>(List.of("-F", config.toString(), "-q"));
        all.addAll(List.of(args));
        return scp(all.toArray(String[]::new));
    }

    /** The argument lines the wrapper scp was started with on either server, in order. */
    static List<String> remoteScps() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-3", "-O", "-O -3", "-R", "-O -R"})
    void fileIsCopiedByteExactInEveryMode(String flags) throws IOException {
        OpenSsh.assumeSshd();
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        TransferFixtures.randomFile(a.resolve("f.bin"), (1 << 20) + 12345, 7);
        Files.setPosixFilePermissions(a.resolve("f.bin"), PosixFilePermissions.fromString("rw-r-----"));
        List<String> args = new ArrayList<>(flags.isEmpty() ? List.of() : List.of(flags.split(" ")));
        args.add("origin:" + a.resolve("f.bin"));
        args.add("dest:" + b.resolve("g.bin"));
        Outcome o = run(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(sha256(b.resolve("g.bin"))).isEqualTo(sha256(a.resolve("f.bin")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("g.bin")))).isEqualTo("rw-r-----");
        List<String> expected = switch (flags) {
            case "", "-3" -> List.of(); // SFTP both ways: no remote scp runs
            // OpenSSH starts the sink first; both get -F from the wrapper, not from seashell
            case "-O", "-O -3" -> List.of("-t " + b.resolve("g.bin"), "-f " + a.resolve("f.bin"));
            // the origin's scp (SFTP to dest, so no scp runs there)
            default -> List.of(a.resolve("f.bin") + " dest:" + b.resolve("g.bin"));
        };
        assertThat(remoteScps()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-3", "-O", "-R"})
    void recursiveTreeKeepsTimesAndModes(String mode) throws IOException {
        OpenSsh.assumeSshd();
        Path tree = Files.createDirectories(dir.resolve("a/tree"));
        Path sub = Files.createDirectory(tree.resolve("sub"));
        Path b = Files.createDirectory(dir.resolve("b"));
        TransferFixtures.randomFile(tree.resolve("top.bin"), 300_000, 3);
        Files.writeString(sub.resolve("deep.txt"), "deep\n");
        Files.setPosixFilePermissions(sub.resolve("deep.txt"), PosixFilePermissions.fromString("rwx------"));
        Files.setLastModifiedTime(tree.resolve("top.bin"), FileTime.fromMillis(1_500_000_000_000L));
        Files.setLastModifiedTime(sub.resolve("deep.txt"), FileTime.fromMillis(1_400_000_000_000L));
        Outcome o = run(mode, "-r", "-p", "origin:" + tree, "dest:" + b);
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(sha256(b.resolve("tree/top.bin"))).isEqualTo(sha256(tree.resolve("top.bin")));
        assertThat(Files.readString(b.resolve("tree/sub/deep.txt"))).isEqualTo("deep\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("tree/sub/deep.txt")))).isEqualTo("rwx------");
        assertThat(Files.getLastModifiedTime(b.resolve("tree/top.bin")).toMillis()).isEqualTo(1_500_000_000_000L);
        assertThat(Files.getLastModifiedTime(b.resolve("tree/sub/deep.txt")).toMillis()).isEqualTo(1_400_000_000_000L);
        if (mode.equals("-R")) assertThat(remoteScps()).containsExactly("-r -p " + tree + " dest:" + b);
        if (mode.equals("-O")) assertThat(remoteScps()).containsExactlyInAnyOrder("-r -p -t " + b, "-r -p -f " + tree);
    }

    @Test
    void twoSourcesTellTheOriginTheTargetIsADirectory() throws IOException {
        OpenSsh.assumeSshd();
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(a.resolve("one"), "1");
        Files.writeString(a.resolve("two"), "2");
        Outcome o = run("-R", "origin:" + a.resolve("one"), "origin:" + a.resolve("two"), "dest:" + b);
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.readString(b.resolve("one"))).isEqualTo("1");
        assertThat(Files.readString(b.resolve("two"))).isEqualTo("2");
        assertThat(remoteScps()).containsExactly("-d " + a.resolve("one") + " dest:" + b, "-d " + a.resolve("two") + " dest:" + b);
    }

    @Test
    void missingSourceFailsWithOpenSshsMessageInEachMode() throws IOException {
        OpenSsh.assumeSshd();
        Path nope = dir.resolve("nope");
        Path into = Files.createDirectory(dir.resolve("into"));
        Outcome sftp = run("origin:" + nope, "dest:" + into);
        assertThat(sftp.exit()).isEqualTo(1);
        assertThat(sftp.err()).isEqualTo("scp: " + nope + ": No such file or directory\n");
        // the origin's OpenSSH scp says it (its name comes out as the wrapper ran it)
        Outcome viaOrigin = run("-R", "origin:" + nope, "dest:" + into);
        assertThat(viaOrigin.exit()).isEqualTo(1);
        assertThat(viaOrigin.err()).contains("scp: stat local \"" + nope + "\": No such file or directory");
        // -O through this host: the error goes from one remote scp to the other, and OpenSSH's
        // scp prints nothing either; only the exit status tells
        Outcome legacy = run("-O", "-3", "origin:" + nope, "dest:" + into);
        assertThat(legacy.exit()).as(legacy.describe()).isEqualTo(1);
        try (var entries = Files.list(into)) {
            assertThat(entries).isEmpty();
        }
    }

    /** OpenSSH 9.2 does the same: exit 1, nothing printed, the next source still copied. */
    @Test
    void legacyRelayGoesOnAfterAFailedSourceAndEndsWhenTheSinkFails() throws IOException {
        OpenSsh.assumeSshd();
        Path tree = Files.createDirectories(dir.resolve("a/tree"));
        Files.writeString(tree.resolve("f"), "f\n");
        Path b = Files.createDirectory(dir.resolve("b"));
        Path nope = dir.resolve("nope");
        Outcome o = run("-O", "-r", "origin:" + nope, "origin:" + tree, "dest:" + b);
        assertThat(o.exit()).as(o.describe()).isEqualTo(1);
        assertThat(Files.readString(b.resolve("tree/f"))).isEqualTo("f\n");
        assertThat(remoteScps()).containsExactlyInAnyOrder("-r -d -t " + b, "-r -d -f " + nope, "-r -d -t " + b, "-r -d -f " + tree);

        // the sink cannot create its file: it tells the source, both exit 1, nothing hangs
        long t0 = System.nanoTime();
        o = run("-O", "origin:" + tree.resolve("f"), "dest:" + dir.resolve("no/such/dir/x"));
        assertThat(o.exit()).as(o.describe()).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    }

    @Test
    void targetPortCannotBeGivenToTheOrigin() {
        OpenSsh.assumeSshd();
        Outcome o = run("-R", "origin:" + dir.resolve("x"), "scp://127.0.0.1:" + destination.port() + "/" + dir.resolve("y"));
        assertThat(o.exit()).isEqualTo(255);
        assertThat(o.err()).isEqualTo("scp: target port not supported with two remote hosts and the -R option\n");
        assertThat(dir.resolve("y")).doesNotExist();
    }
}

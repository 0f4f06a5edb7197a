package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.scp;
import static dev.seashell.cli.TransferFixtures.sftp;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * scp between two OpenSSH sshd instances through this host (plain {@code host1:a host2:b} and
 * {@code -3}), and the {@code -l} bandwidth limit of scp (SFTP and -O) and sftp.
 */
class ScpRemoteToRemoteTest {
    @TempDir static Path shared;
    static Client client;
    static OpenSshServer first;
    static OpenSshServer second;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        if (!OpenSsh.hasSshd()) return;
        client = TransferFixtures.client(shared);
        first = TransferFixtures.openSsh(client);
        String firstLine = Files.readString(client.knownHosts());
        second = TransferFixtures.openSsh(client);
        Files.writeString(client.knownHosts(), firstLine + second.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() {
        if (first != null) first.close();
        if (second != null) second.close();
    }

    /** Key, known hosts and no prompts; the ports are in the scp:// operands. */
    static List<String> options(String... extra) {
        List<String> a = new ArrayList<>(List.of("-i", client.key().toString(), "-o", "UserKnownHostsFile=" + client.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "KexAlgorithms=curve25519-sha256"));
        a.addAll(List.of(extra));
        return a;
    }

    static String on(OpenSshServer server, Path path) {
        return "scp://127.0.0.1:" + server.port() + "/" + path.toAbsolutePath();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "-3"})
    void fileGoesFromOneServerToTheOtherByteExact(String mode) throws IOException {
        OpenSsh.assumeSshd();
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        TransferFixtures.randomFile(a.resolve("f.bin"), 3 << 20, 11);
        Files.setPosixFilePermissions(a.resolve("f.bin"), PosixFilePermissions.fromString("rw-r-----"));
        List<String> args = options();
        if (!mode.equals("plain")) args.add(mode);
        args.add(on(first, a.resolve("f.bin")));
        args.add(on(second, b.resolve("g.bin")));
        Outcome o = scp(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.mismatch(a.resolve("f.bin"), b.resolve("g.bin"))).isEqualTo(-1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("g.bin")))).isEqualTo("rw-r-----");

        // into an existing directory: the source's name
        Files.createDirectory(b.resolve("into"));
        args.set(args.size() - 1, on(second, b.resolve("into")));
        o = scp(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.mismatch(a.resolve("f.bin"), b.resolve("into/f.bin"))).isEqualTo(-1);
    }

    @Test
    void recursiveTreeWithTimesAndModes() throws IOException {
        OpenSsh.assumeSshd();
        Path a = Files.createDirectories(dir.resolve("a/tree/sub"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path tree = dir.resolve("a/tree");
        Files.writeString(tree.resolve("top.txt"), "top\n");
        Files.writeString(a.resolve("deep.txt"), "deep\n");
        Files.setPosixFilePermissions(a.resolve("deep.txt"), PosixFilePermissions.fromString("rwx------"));
        Files.setLastModifiedTime(tree.resolve("top.txt"), FileTime.fromMillis(1_500_000_000_000L));
        List<String> args = options("-r", "-p", "-3");
        args.add(on(first, tree));
        args.add(on(second, b));
        Outcome o = scp(args.toArray(String[]::new));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.readString(b.resolve("tree/top.txt"))).isEqualTo("top\n");
        assertThat(Files.readString(b.resolve("tree/sub/deep.txt"))).isEqualTo("deep\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("tree/sub/deep.txt")))).isEqualTo("rwx------");
        assertThat(Files.getLastModifiedTime(b.resolve("tree/top.txt")).toMillis()).isEqualTo(1_500_000_000_000L);
    }

    @Test
    void missingSourceIsReported() {
        OpenSsh.assumeSshd();
        List<String> args = options();
        args.add(on(first, dir.resolve("nope")));
        args.add(on(second, dir));
        Outcome o = scp(args.toArray(String[]::new));
        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.err()).contains(dir.resolve("nope") + ": No such file or directory");
    }

    /** 192 KiB at -l 512 (64 KiB/s) cannot take under ~3 s (a connection and 192 KiB unlimited take well under that). */
    @ParameterizedTest
    @ValueSource(strings = {"scp", "scp -O", "sftp"})
    void bandwidthLimitPacesTheTransfer(String tool) throws IOException {
        OpenSsh.assumeSshd();
        Path src = dir.resolve("src.bin");
        TransferFixtures.randomFile(src, 192 << 10, 5);
        Path dst = dir.resolve("dst.bin");
        long t0 = System.nanoTime();
        Outcome o;
        if (tool.equals("sftp")) {
            Path batch = dir.resolve("batch");
            Files.writeString(batch, "put " + src + " " + dst + "\n");
            o = sftp(dir, "", TransferFixtures.args(TransferFixtures.sshArgs(client, first.port()), "-l", "512", "-b", batch.toString(), "127.0.0.1"));
        } else {
            List<String> args = options("-l", "512", "-P", String.valueOf(first.port()));
            if (tool.endsWith("-O")) args.add("-O");
            args.add(src.toString());
            args.add("127.0.0.1:" + dst);
            o = scp(args.toArray(String[]::new));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.mismatch(src, dst)).isEqualTo(-1);
        assertThat(seconds).as("%s -l 512 of 192 KiB", tool).isGreaterThan(2.7);
    }
}

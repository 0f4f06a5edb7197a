package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.args;
import static dev.seashell.cli.TransferFixtures.sftp;
import static dev.seashell.cli.TransferFixtures.sshArgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.cli.TransferFixtures.Outcome;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** seashell sftp in batch and piped mode against OpenSSH's sshd (sftp-server) and a Seashell server (internal-sftp). */
class SftpCommandTest {
    @TempDir static Path shared;
    static Client client;
    static OpenSshServer sshd;
    static SshServer seashell;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        client = TransferFixtures.client(shared);
        seashell = TransferFixtures.seashell(client);
        Path kh = client.knownHosts();
        String seashellLine = Files.readString(kh);
        if (OpenSsh.hasSshd()) {
            sshd = TransferFixtures.openSsh(client);
            Files.writeString(kh, seashellLine + sshd.knownHostsLine() + "\n");
        }
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
        if (seashell != null) seashell.close();
    }

    static Stream<String> servers() {
        return Stream.of("openssh", "seashell");
    }

    static int port(String server) {
        if (server.equals("openssh")) {
            OpenSsh.assumeSshd();
            return sshd.port();
        }
        return seashell.port();
    }

    Outcome batch(String server, String script) throws IOException {
        Path b = dir.resolve("batch");
        Files.writeString(b, script);
        return sftp(dir, "", args(sshArgs(client, port(server)), "-b", b.toString(), "127.0.0.1"));
    }

    @ParameterizedTest
    @MethodSource("servers")
    void batchTransfersAreByteExact(String server) throws IOException {
        byte[] data = TransferFixtures.randomFile(dir.resolve("big.bin"), 20 << 20, 42);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Files.createDirectory(dir.resolve("back"));
        Outcome o = batch(server, """
                mkdir %1$s/d
                cd %1$s/d
                put big.bin
                ls -l
                rename big.bin renamed.bin
                ls
                get renamed.bin back/
                rm renamed.bin
                cd ..
                rmdir d
                ls -1
                """.formatted(remote));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back/renamed.bin"))).isEqualTo(data);
        assertThat(o.out()).contains("sftp> put big.bin\n").contains("sftp> get renamed.bin back/\n")
                .containsPattern("-rw-r--r-- +\\? +\\S+ +\\S+ +20971520 \\w{3} [ \\d]\\d .{5} big\\.bin\n")
                .contains("sftp> ls\nrenamed.bin  \n");
        assertThat(o.err()).isEmpty(); // -b is quiet: no "Connected to", no "Uploading"
        try (Stream<Path> left = Files.list(remote)) {
            assertThat(left).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void failingBatchCommandStopsWithExitOne(String server) throws IOException {
        Outcome o = batch(server, """
                -get /nonexistent-seashell/x
                -cd /nonexistent-seashell
                -rm /nonexistent-seashell
                get /nonexistent-seashell/y
                pwd
                """);
        assertThat(o.exit()).as(o.describe()).isEqualTo(1);
        assertThat(o.err()).isEqualTo("""
                File "/nonexistent-seashell/x" not found.
                stat remote: No such file or directory
                remote delete /nonexistent-seashell: No such file or directory
                File "/nonexistent-seashell/y" not found.
                """);
        assertThat(o.out()).contains("sftp> get /nonexistent-seashell/y").doesNotContain("pwd");
    }

    @Test
    void pipedCommandsPrintProgressMessagesAndKeepGoing() throws IOException {
        Files.writeString(dir.resolve("a.txt"), "alpha\n");
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Outcome o = sftp(dir, """
                cd %s
                put a.txt
                get nothing-here
                get a.txt b.txt
                bye
                """.formatted(remote), args(sshArgs(client, seashell.port()), "127.0.0.1"));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(o.err()).startsWith("Connected to 127.0.0.1.\n").contains("File \"" + remote + "/nothing-here\" not found.");
        assertThat(o.out()).contains("Uploading a.txt to " + remote + "/a.txt\n")
                .contains("Fetching " + remote + "/a.txt to b.txt\n");
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("alpha\n");
    }

    @ParameterizedTest
    @MethodSource("servers")
    void destinationPathFetchesAFileOrChangesDirectory(String server) throws IOException {
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Files.writeString(remote.resolve("f.txt"), "payload");
        Outcome fetched = sftp(dir, "", args(sshArgs(client, port(server)), "sftp://127.0.0.1" + remote + "/f.txt", "copy.txt"));
        assertThat(fetched.exit()).as(fetched.describe()).isZero();
        assertThat(fetched.out()).isEqualTo("Fetching " + remote + "/f.txt to copy.txt\n");
        assertThat(Files.readString(dir.resolve("copy.txt"))).isEqualTo("payload");

        Outcome cd = sftp(dir, "pwd\n", args(sshArgs(client, port(server)), "127.0.0.1:" + remote));
        assertThat(cd.out()).contains("Changing to: " + remote + "\n").contains("Remote working directory: " + remote + "\n");

        Outcome missing = sftp(dir, "", args(sshArgs(client, port(server)), "127.0.0.1:" + remote + "/nope"));
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("File \"" + remote + "/nope\" not found.");
    }

    @Test
    void recursivePutAndGetWithPreservedTimes() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(src.resolve("deep.txt"), "deep");
        Files.writeString(dir.resolve("src/top.txt"), "top");
        Files.setLastModifiedTime(dir.resolve("src/top.txt"), java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
        Path remote = dir.resolve("remote");
        Outcome o = batch("seashell", """
                put -rp src %1$s
                get -rp %1$s copy
                """.formatted(remote));
        assertThat(o.exit()).as(o.describe()).isZero();
        assertThat(o.out()).contains("Entering src/\nEntering src/sub\n").contains("Retrieving " + remote + "\nRetrieving " + remote + "/sub\n");
        assertThat(Files.readString(dir.resolve("copy/sub/deep.txt"))).isEqualTo("deep");
        assertThat(Files.getLastModifiedTime(remote.resolve("top.txt")).toMillis()).isEqualTo(1_000_000_000_000L);
        assertThat(Files.getLastModifiedTime(dir.resolve("copy/top.txt")).toMillis()).isEqualTo(1_000_000_000_000L);
    }

    @Test
    void batchFromStdinInAChildJvm() throws IOException {
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Files.writeString(dir.resolve("in.txt"), "via stdin");
        ProcessRunner.Result r = TransferFixtures.runChild(dir, "put in.txt " + remote + "/in.txt\nversion\n",
                args(List.of("sftp"), args(sshArgs(client, seashell.port()), "-b", "-", "127.0.0.1")));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("sftp> version\nSFTP protocol version 3\n");
        assertThat(Files.readString(remote.resolve("in.txt"))).isEqualTo("via stdin");
    }

    @Test
    void connectionFailureExits255() {
        Outcome o = sftp(dir, "", args(List.of("-o", "BatchMode=yes", "-o", "ConnectionAttempts=1", "-P", "1"), "127.0.0.1"));
        assertThat(o.exit()).isEqualTo(255);
        assertThat(o.err()).contains("ssh: connect to host 127.0.0.1 port 1: Connection refused").contains("Connection closed");
    }
}

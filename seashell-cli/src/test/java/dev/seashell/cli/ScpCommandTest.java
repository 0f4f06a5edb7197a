package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.args;
import static dev.seashell.cli.TransferFixtures.scp;
import static dev.seashell.cli.TransferFixtures.sshArgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.cli.TransferFixtures.Outcome;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell scp against OpenSSH's sshd: both directions, -r, -p, failures, and an interrupted upload. */
class ScpCommandTest {
    @TempDir static Path shared;
    static Client client;
    static OpenSshServer sshd;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        client = TransferFixtures.client(shared);
        sshd = TransferFixtures.openSsh(client);
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    static String[] scpArgs(String... rest) {
        return args(sshArgs(client, sshd.port()), rest);
    }

    @Test
    void uploadAndDownloadAreByteExact() throws IOException {
        byte[] data = TransferFixtures.randomFile(dir.resolve("data.bin"), 5 << 20, 7);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Outcome up = scp(scpArgs(dir.resolve("data.bin").toString(), "127.0.0.1:" + remote));
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(Files.readAllBytes(remote.resolve("data.bin"))).isEqualTo(data);
        Outcome down = scp(scpArgs("scp://127.0.0.1:" + sshd.port() + remote + "/data.bin", dir.resolve("copy.bin").toString()));
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.bin"))).isEqualTo(data);
        try (Stream<Path> s = Stream.concat(Files.list(remote), Files.list(dir))) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part-")); // temporaries renamed away
        }
    }

    @Test
    void recursiveWithPreservedTimesAndModes() throws IOException {
        Path src = Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(src.resolve("leaf.txt"), "leaf");
        Path top = Files.writeString(dir.resolve("tree/top.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxr-x---"));
        FileTime past = FileTime.fromMillis(981_173_106_000L);
        Files.setLastModifiedTime(top, past);
        Path remote = Files.createDirectory(dir.resolve("remote"));

        Outcome up = scp(scpArgs("-rp", dir.resolve("tree").toString(), "127.0.0.1:" + remote));
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(Files.readString(remote.resolve("tree/sub/leaf.txt"))).isEqualTo("leaf");
        assertThat(Files.getLastModifiedTime(remote.resolve("tree/top.sh"))).isEqualTo(past);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote.resolve("tree/top.sh")))).isEqualTo("rwxr-x---");

        Path back = Files.createDirectory(dir.resolve("back"));
        Outcome down = scp(scpArgs("-r", "-p", "127.0.0.1:" + remote + "/tree", back.toString()));
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(Files.readString(back.resolve("tree/sub/leaf.txt"))).isEqualTo("leaf");
        assertThat(Files.getLastModifiedTime(back.resolve("tree/top.sh"))).isEqualTo(past);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("tree/top.sh")))).isEqualTo("rwxr-x---");

        Outcome noR = scp(scpArgs("127.0.0.1:" + remote + "/tree", back.resolve("x").toString()));
        assertThat(noR.exit()).isEqualTo(1);
        assertThat(noR.err()).isEqualTo("scp: download " + remote + "/tree/: not a regular file\n");
    }

    @Test
    void missingFilesFailWithScpMessages() throws IOException {
        Outcome remote = scp(scpArgs("127.0.0.1:/nonexistent-seashell/x", dir.resolve("x").toString()));
        assertThat(remote.exit()).isEqualTo(1);
        assertThat(remote.err()).isEqualTo("scp: /nonexistent-seashell/x: No such file or directory\n");
        assertThat(dir.resolve("x")).doesNotExist();

        Outcome local = scp(scpArgs(dir.resolve("absent").toString(), "127.0.0.1:/tmp/"));
        assertThat(local.exit()).isEqualTo(1);
        assertThat(local.err()).isEqualTo("scp: stat local \"" + dir.resolve("absent") + "\": No such file or directory\n");

        Files.writeString(dir.resolve("f"), "f");
        Outcome noDir = scp(scpArgs(dir.resolve("f").toString(), "127.0.0.1:/nonexistent-seashell/f"));
        assertThat(noDir.exit()).isEqualTo(1);
        assertThat(noDir.err()).isEqualTo("scp: dest open \"/nonexistent-seashell/f\": No such file or directory\n"
                + "scp: failed to upload file " + dir.resolve("f") + " to /nonexistent-seashell/f\n");
    }

    @Test
    void killedUploadLeavesTheOldFileUnderTheFinalName() throws Exception {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(4L << 30); // sparse: cheap to make, long to send
        }
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Files.writeString(remote.resolve("big.bin"), "previous version");
        List<String> cmd = TransferFixtures.childJvm(args(List.of("scp"), scpArgs(big.toString(), "127.0.0.1:" + remote + "/big.bin")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path partial = awaitPartialUpload(remote, p);
            assertThat(partial.getFileName().toString()).startsWith(".big.bin.part-");
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(Files.readString(remote.resolve("big.bin"))).isEqualTo("previous version");
    }

    /** Polls (bounded) until a temporary upload file holds some bytes. */
    private static Path awaitPartialUpload(Path remote, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("upload ended before it could be interrupted").isTrue();
            try (Stream<Path> s = Files.list(remote)) {
                var found = s.filter(f -> f.getFileName().toString().contains(".part-")).findFirst();
                if (found.isPresent() && Files.size(found.get()) > 0) return found.get();
            }
            Thread.sleep(50); // polling the file system with a deadline
        }
        throw new AssertionError("no partial upload appeared");
    }
}

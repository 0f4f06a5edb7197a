package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.args;
import static dev.seashell.cli.TransferFixtures.scp;
import static dev.seashell.cli.TransferFixtures.sshArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.cli.TransferFixtures.Outcome;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scp -O: the legacy protocol against OpenSSH's sshd (remote /usr/bin/scp), a hostile source, and OpenSSH's scp -O against Seashell. */
class ScpLegacyTest {
    static final Path SCP = Path.of("/usr/bin/scp");
    @TempDir static Path shared;
    static Client client;
    static OpenSshServer sshd;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        assumeTrue(Files.isExecutable(SCP), "scp not installed");
        client = TransferFixtures.client(shared);
        sshd = TransferFixtures.openSsh(client);
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    static String[] scpArgs(String... rest) {
        return args(sshArgs(client, sshd.port()), args(List.of("-O"), rest));
    }

    @Test
    void uploadAndDownloadAreByteExact() throws IOException {
        byte[] data = TransferFixtures.randomFile(dir.resolve("data.bin"), 5 << 20, 11);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Outcome up = scp(scpArgs(dir.resolve("data.bin").toString(), "127.0.0.1:" + remote));
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(Files.readAllBytes(remote.resolve("data.bin"))).isEqualTo(data);

        Files.writeString(dir.resolve("copy.bin"), "older and shorter");
        Outcome down = scp(scpArgs("127.0.0.1:" + remote + "/data.bin", dir.resolve("copy.bin").toString()));
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.bin"))).isEqualTo(data);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".part-"));
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
        FileTime dirTime = FileTime.fromMillis(1_100_000_000_000L);
        Files.setLastModifiedTime(src, dirTime);
        Path remote = Files.createDirectory(dir.resolve("remote"));

        Outcome up = scp(scpArgs("-rp", dir.resolve("tree").toString(), "127.0.0.1:" + remote));
        assertThat(up.exit()).as(up.describe()).isZero();
        assertThat(Files.readString(remote.resolve("tree/sub/leaf.txt"))).isEqualTo("leaf");
        assertThat(Files.getLastModifiedTime(remote.resolve("tree/top.sh"))).isEqualTo(past);
        assertThat(Files.getLastModifiedTime(remote.resolve("tree/sub"))).isEqualTo(dirTime);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote.resolve("tree/top.sh")))).isEqualTo("rwxr-x---");

        Path back = Files.createDirectory(dir.resolve("back"));
        Outcome down = scp(scpArgs("-r", "-p", "127.0.0.1:" + remote + "/tree", back.toString()));
        assertThat(down.exit()).as(down.describe()).isZero();
        assertThat(Files.readString(back.resolve("tree/sub/leaf.txt"))).isEqualTo("leaf");
        assertThat(Files.getLastModifiedTime(back.resolve("tree/top.sh"))).isEqualTo(past);
        assertThat(Files.getLastModifiedTime(back.resolve("tree/sub"))).isEqualTo(dirTime);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back.resolve("tree/top.sh")))).isEqualTo("rwxr-x---");
    }

    @Test
    void missingFilesFailWithScpMessages() throws IOException {
        Outcome remote = scp(scpArgs("127.0.0.1:/nonexistent-seashell/x", dir.resolve("x").toString()));
        assertThat(remote.exit()).isEqualTo(1);
        assertThat(remote.err()).isEqualTo("scp: /nonexistent-seashell/x: No such file or directory\n");
        assertThat(dir.resolve("x")).doesNotExist();

        Files.writeString(dir.resolve("f"), "f");
        Outcome noDir = scp(scpArgs(dir.resolve("f").toString(), "127.0.0.1:/nonexistent-seashell/f"));
        assertThat(noDir.exit()).isEqualTo(1);
        assertThat(noDir.err()).isEqualTo("scp: /nonexistent-seashell/f: No such file or directory\n");
    }

    /** Runs the sink against what a (malicious) server's scp -f sends; returns what the client acknowledged. */
    private static byte[] sinkAgainst(String serverBytes, Path target, String requested, List<String> errors) throws IOException {
        ByteArrayOutputStream acks = new ByteArrayOutputStream();
        LegacyScp scp = new LegacyScp(new ByteArrayInputStream(serverBytes.getBytes(StandardCharsets.ISO_8859_1)), acks, errors::add);
        assertThatThrownBy(() -> scp.receive(target, requested, false, false)).isInstanceOf(LegacyScp.Fatal.class);
        return acks.toByteArray();
    }

    @Test
    void hostileServerCannotWriteOutsideOrOtherNames() throws IOException {
        Path target = Files.createDirectories(dir.resolve("in/target"));
        List<String> errors = new ArrayList<>();
        sinkAgainst("C0644 3 ../evil\nabc\0", target, "/srv/evil", errors);
        assertThat(errors).containsExactly("scp: error: unexpected filename: ../evil");
        assertThat(dir.resolve("in/evil")).doesNotExist();

        errors.clear();
        sinkAgainst("C0644 3 .bashrc\nabc\0", target, "/srv/notes.txt", errors);
        assertThat(errors).containsExactly("scp: protocol error: filename does not match request");
        assertThat(target.resolve(".bashrc")).doesNotExist();

        errors.clear();
        sinkAgainst("D0755 0 sub\n", target, "/srv/sub", errors); // a directory without -r
        assertThat(errors).containsExactly("scp: protocol error: received directory without -r");
        assertThat(target.resolve("sub")).doesNotExist();

        errors.clear();
        sinkAgainst("C0644 100 short\nabc", target, "/srv/short", errors); // promises more than it sends
        assertThat(errors).containsExactly("scp: lost connection");
        try (Stream<Path> s = Files.list(target)) {
            assertThat(s).isEmpty(); // neither the name nor a temporary is left
        }
    }

    @Test
    void wellFormedStreamIsAcknowledgedAndWritten() throws IOException {
        Path target = Files.createDirectories(dir.resolve("t"));
        ByteArrayOutputStream acks = new ByteArrayOutputStream();
        List<String> errors = new ArrayList<>();
        LegacyScp scp = new LegacyScp(new ByteArrayInputStream("C0640 3 ok.txt\nabc\0".getBytes(StandardCharsets.US_ASCII)), acks, errors::add);
        assertThat(scp.receive(target, "/srv/ok.txt", false, false)).isTrue();
        assertThat(errors).isEmpty();
        assertThat(Files.readString(target.resolve("ok.txt"))).isEqualTo("abc");
        assertThat(acks.toByteArray()).containsExactly(0, 0, 0); // start, record, after the data
    }

    @Test
    void openSshLegacyScpAgainstSeashellServer() throws IOException {
        Client c = TransferFixtures.client(Files.createDirectory(dir.resolve("keys")));
        SshServer server = TransferFixtures.seashell(c);
        try {
            byte[] data = TransferFixtures.randomFile(dir.resolve("up.bin"), 1 << 20, 5);
            Path remote = Files.createDirectory(dir.resolve("remote"));
            List<String> base = List.of(SCP.toString(), "-O", "-i", c.key().toString(), "-o", "UserKnownHostsFile=" + c.knownHosts(),
                    "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-P", String.valueOf(server.port()));
            ProcessRunner.Result up = ProcessRunner.command(args(base, dir.resolve("up.bin").toString(), "127.0.0.1:" + remote + "/"))
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(up.exitCode()).as(up.describe()).isZero();
            assertThat(Files.readAllBytes(remote.resolve("up.bin"))).isEqualTo(data);
            ProcessRunner.Result down = ProcessRunner.command(args(base, "127.0.0.1:" + remote + "/up.bin", dir.resolve("down.bin").toString()))
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(down.exitCode()).as(down.describe()).isZero();
            assertThat(Files.readAllBytes(dir.resolve("down.bin"))).isEqualTo(data);
        } finally {
            server.close();
        }
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH's own sftp -b and scp (SFTP mode) against the Seashell server's internal-sftp. */
class ScpSftpOpenSshClientsTest {
    static final Path SCP = Path.of("/usr/bin/scp");
    @TempDir static Path shared;
    static Client client;
    static SshServer server;
    @TempDir Path dir;

    @BeforeAll
    static void start() throws IOException {
        client = TransferFixtures.client(shared);
        server = TransferFixtures.seashell(client);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static ProcessRunner.Result run(Path program, String... args) {
        List<String> cmd = new ArrayList<>(List.of(program.toString(), "-i", client.key().toString(),
                "-o", "UserKnownHostsFile=" + client.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-P", String.valueOf(server.port())));
        cmd.addAll(Arrays.asList(args));
        return ProcessRunner.command(cmd).timeout(Duration.ofSeconds(60)).run();
    }

    @Test
    void openSshSftpBatch() throws IOException {
        OpenSsh.assumeSftp();
        byte[] data = TransferFixtures.randomFile(dir.resolve("big.bin"), 20 << 20, 3);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Path batch = Files.writeString(dir.resolve("batch"), """
                cd %1$s
                mkdir d
                put %2$s/big.bin d/big.bin
                rename d/big.bin d/moved.bin
                ls -1 d
                get d/moved.bin %2$s/back.bin
                rm d/moved.bin
                rmdir d
                """.formatted(remote, dir));
        ProcessRunner.Result r = run(OpenSsh.SFTP, "-b", batch.toString(), "127.0.0.1");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains("sftp> ls -1 d\nd/moved.bin\n");
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(data);
        assertThat(remote.resolve("d")).doesNotExist();
    }

    @Test
    void openSshScpRecursiveWithTimes() throws IOException {
        assumeTrue(Files.isExecutable(SCP), "scp not installed");
        assumeTrue(OpenSsh.atLeast(9, 0), "scp uses SFTP from OpenSSH 9.0");
        byte[] data = TransferFixtures.randomFile(Files.createDirectories(dir.resolve("tree/sub")).resolve("data.bin"), 3 << 20, 9);
        Path script = Files.writeString(dir.resolve("tree/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        FileTime past = FileTime.fromMillis(1_234_567_890_000L);
        Files.setLastModifiedTime(script, past);
        Path remote = Files.createDirectory(dir.resolve("remote"));

        ProcessRunner.Result up = run(SCP, "-r", "-p", dir.resolve("tree").toString(), "127.0.0.1:" + remote);
        assertThat(up.exitCode()).as(up.describe()).isZero();
        assertThat(Files.readAllBytes(remote.resolve("tree/sub/data.bin"))).isEqualTo(data);
        assertThat(Files.getLastModifiedTime(remote.resolve("tree/run.sh"))).isEqualTo(past);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote.resolve("tree/run.sh")))).isEqualTo("rwx------");

        ProcessRunner.Result down = run(SCP, "-rp", "127.0.0.1:" + remote + "/tree", dir.resolve("back").toString());
        assertThat(down.exitCode()).as(down.describe()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("back/sub/data.bin"))).isEqualTo(data);
        assertThat(Files.getLastModifiedTime(dir.resolve("back/run.sh"))).isEqualTo(past);

        ProcessRunner.Result missing = run(SCP, "127.0.0.1:" + remote + "/absent", dir.resolve("x").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderrText()).contains("scp: " + remote + "/absent: No such file or directory");
    }
}

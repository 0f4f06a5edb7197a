package dev.seashell.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.OpenSsh;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throughput figures (printed, not asserted) for 256 MiB transfers; contents are still checked. */
class SftpThroughputTest {
    private static final int SIZE = 256 * 1024 * 1024;

    @TempDir
    Path tmp;

    private Path bigFile() throws Exception {
        Path p = tmp.resolve("source.bin");
        byte[] chunk = new byte[1 << 20];
        Random r = new Random(99);
        try (OutputStream out = Files.newOutputStream(p)) {
            for (int i = 0; i < SIZE / chunk.length; i++) {
                r.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return p;
    }

    private static void report(String what, long nanos) {
        double mbps = SIZE / 1e6 / (nanos / 1e9);
        System.out.printf("SFTP throughput %-40s %8.1f MB/s (%d ms)%n", what, mbps, nanos / 1_000_000);
    }

    private void measure(String label, SftpClient c, Path source, Path remoteDir, String remotePrefix) throws Exception {
        long t0 = System.nanoTime();
        c.upload(source, remotePrefix + "up.bin");
        long t1 = System.nanoTime();
        c.download(remotePrefix + "up.bin", tmp.resolve("down.bin"));
        long t2 = System.nanoTime();
        report(label + " upload", t1 - t0);
        report(label + " download", t2 - t1);
        assertThat(Files.mismatch(source, remoteDir.resolve("up.bin"))).isEqualTo(-1L);
        assertThat(Files.mismatch(source, tmp.resolve("down.bin"))).isEqualTo(-1L);
        Files.delete(remoteDir.resolve("up.bin"));
        Files.delete(tmp.resolve("down.bin"));
    }

    @Test
    void inMemoryAndAgainstOpenSsh() throws Exception {
        Path source = bigFile();
        Path remote = Files.createDirectory(tmp.resolve("remote"));
        try (InMemorySession s = new InMemorySession(SftpServer.Options.defaults().startingIn(remote.toString()))) {
            measure("ours<->ours in-memory", s.client, source, remote, "");
        }
        if (Files.isExecutable(OpenSsh.SFTP_SERVER)) {
            try (var s = new SftpOpenSshInteropTest.OpenSshServerProcess(remote)) {
                measure("ours<->OpenSSH sftp-server", s.client, source, remote, "");
            }
        }
    }
}

package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.args;
import static dev.seashell.cli.TransferFixtures.sshArgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 GiB up and down, byte-exact by SHA-256, in both pairings with OpenSSH: seashell sftp against
 * OpenSSH's sshd and sftp-server, and OpenSSH's sftp against the Seashell server. The file is a
 * seeded pseudo-random stream (not zeroes, which would hide offset mix-ups) and every digest is
 * streamed, never holding the file in memory. Tagged "gigabyte": part of bin/test (= CI); each
 * test prints its wall time.
 */
@Tag("gigabyte")
class GigabyteTransferTest {
    static final long SIZE = 1L << 30;
    /** OpenSSH's default cipher set would work too; GCM keeps a loaded 2-core machine fast. */
    static final String CIPHER = "Ciphers=aes128-gcm@openssh.com";
    @TempDir Path dir;

    @Test
    void seashellSftpWithOpenSshSftpServer() throws Exception {
        OpenSsh.assumeSshd();
        OpenSsh.assumeSftp();
        putAndGet("seashell sftp <-> OpenSSH sftp-server", TransferFixtures::openSsh, (client, sshd, batch) -> {
            var o = TransferFixtures.sftp(dir, "", args(sshArgs(client, sshd.port()), "-o", CIPHER, "-b", batch.toString(), "127.0.0.1"));
            assertThat(o.exit()).as(o.describe()).isZero();
        });
    }

    @Test
    void openSshSftpWithSeashellServer() throws Exception {
        OpenSsh.assumeSftp();
        putAndGet("OpenSSH sftp <-> Seashell server", TransferFixtures::seashell, (client, server, batch) -> {
            List<String> cmd = new ArrayList<>(List.of(OpenSsh.SFTP.toString()));
            cmd.addAll(sshArgs(client, server.port()));
            cmd.addAll(List.of("-o", CIPHER, "-b", batch.toString(), "127.0.0.1"));
            ProcessRunner.Result r = ProcessRunner.command(cmd).directory(dir).timeout(Duration.ofMinutes(5)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
        });
    }

    /** Starts one pairing's server side for the client. */
    private interface ServerSide<S extends AutoCloseable> {
        S start(Client client) throws IOException;
    }

    /** Runs one pairing's sftp client over the batch file and checks it succeeded. */
    private interface SftpBatch<S> {
        void run(Client client, S server, Path batch) throws IOException;
    }

    /** The 1 GiB file put to and got back from {@code remote/} in one sftp batch; both copies checked, wall time printed. */
    private <S extends AutoCloseable> void putAndGet(String label, ServerSide<S> side, SftpBatch<S> sftp) throws Exception {
        long start = System.nanoTime();
        Client client = TransferFixtures.client(dir);
        String digest = generate(dir.resolve("big.bin"));
        long transfer;
        Path remote = Files.createDirectory(dir.resolve("remote"));
        try (S server = side.start(client)) {
            Path batch = Files.writeString(dir.resolve("batch"), "put big.bin " + remote.resolve("up.bin") + "\n"
                    + "get " + remote.resolve("up.bin") + " back.bin\n");
            long t0 = System.nanoTime();
            sftp.run(client, server, batch);
            transfer = System.nanoTime() - t0;
        }
        check(digest, remote.resolve("up.bin"), dir.resolve("back.bin"));
        report(label, start, transfer);
    }

    /** Both copies have the original's size and digest; they are deleted after. */
    private static void check(String digest, Path uploaded, Path downloaded) throws IOException {
        try {
            assertThat(Files.size(uploaded)).isEqualTo(SIZE);
            assertThat(sha256(uploaded)).as("uploaded copy").isEqualTo(digest);
            assertThat(Files.size(downloaded)).isEqualTo(SIZE);
            assertThat(sha256(downloaded)).as("downloaded copy").isEqualTo(digest);
        } finally {
            Files.deleteIfExists(uploaded);
            Files.deleteIfExists(downloaded);
        }
    }

    private static void report(String label, long start, long transfer) {
        System.out.printf(Locale.ROOT, "1 GiB put+get, %s: %.1f s wall in all, %.1f s of it the connection and both transfers%n",
                label, (System.nanoTime() - start) / 1e9, transfer / 1e9);
    }

    /** Writes SIZE bytes of a seeded SplittableRandom stream to {@code p}; returns their SHA-256. */
    static String generate(Path p) throws IOException {
        MessageDigest md = sha256();
        SplittableRandom random = new SplittableRandom(20261122L);
        ByteBuffer block = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long written = 0; written < SIZE; written += block.capacity()) {
                block.clear();
                while (block.hasRemaining()) block.putLong(random.nextLong());
                md.update(block.array());
                out.write(block.array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256(Path p) throws IOException {
        MessageDigest md = sha256();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(p)) {
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

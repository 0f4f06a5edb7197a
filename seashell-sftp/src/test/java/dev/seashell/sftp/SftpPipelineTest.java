package dev.seashell.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipelined download and upload against a server that reorders replies, reads short and fails mid-transfer. */
class SftpPipelineTest {
    // Not a multiple of any chunk size used: the last read is short because the file ends.
    private static final int SIZE = 5 * 1024 * 1024 + 12_345;

    @TempDir
    Path dir;

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(42).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadIsByteExactWithReorderedAndShortReplies() throws Exception {
        byte[] data = randomBytes(SIZE);
        Path local = dir.resolve("got.bin");
        try (ScriptedSftpServer s = new ScriptedSftpServer(data, 7, 0)) {
            s.client.download("/file", local, false, 32 * 1024, 64);
            assertThat(s.maxBatch).as("replies were reordered in batches").isGreaterThan(1);
        }
        assertThat(sha256(Files.readAllBytes(local))).isEqualTo(sha256(data));
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(local);
        }
    }

    @Test
    void downloadWithLargeChunksAndShallowPipelineIsByteExact() throws Exception {
        byte[] data = randomBytes(SIZE);
        Path local = dir.resolve("got.bin");
        try (ScriptedSftpServer s = new ScriptedSftpServer(data, 3, 0)) {
            s.client.download("/file", local, false, 255 * 1024, 2);
        }
        assertThat(sha256(Files.readAllBytes(local))).isEqualTo(sha256(data));
    }

    @Test
    void failedDownloadLeavesNoFilePosingAsComplete() throws Exception {
        byte[] data = randomBytes(SIZE);
        Path local = dir.resolve("got.bin");
        try (ScriptedSftpServer s = new ScriptedSftpServer(data, 0, 40)) {
            assertThatThrownBy(() -> s.client.download("/file", local, false, 32 * 1024, 64))
                    .isInstanceOf(SftpException.class).hasMessageContaining("scripted read failure");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).as("neither the target nor a temporary file remains").isEmpty();
        }
    }

    @Test
    void emptyDataBlocksFailTheDownloadInsteadOfLooping() throws Exception {
        Path local = dir.resolve("got.bin");
        try (ScriptedSftpServer s = new ScriptedSftpServer(randomBytes(100_000), 0, 0)) {
            s.emptyReads = true;
            assertThatThrownBy(() -> s.client.download("/file", local, false, 32 * 1024, 8))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("empty data block");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void uploadIsByteExactWithReorderedAcks() throws Exception {
        byte[] data = randomBytes(SIZE);
        Path local = dir.resolve("src.bin");
        Files.write(local, data);
        try (ScriptedSftpServer s = new ScriptedSftpServer(new byte[0], 0, 0)) {
            s.client.upload(local, "/file", false, 32 * 1024, 64);
            assertThat(sha256(s.uploaded())).isEqualTo(sha256(data));
            assertThat(s.maxBatch).as("acks were reordered in batches").isGreaterThan(1);
        }
    }

    @Test
    void uploadFailureMidTransferIsReported() throws Exception {
        byte[] data = randomBytes(SIZE);
        Path local = dir.resolve("src.bin");
        Files.write(local, data);
        try (ScriptedSftpServer s = new ScriptedSftpServer(new byte[0], 0, 50)) {
            assertThatThrownBy(() -> s.client.upload(local, "/file", false, 32 * 1024, 64))
                    .isInstanceOf(SftpException.class).hasMessageContaining("scripted write failure");
        }
    }

    @Test
    void inputStreamIsByteExactWithShortReads() throws Exception {
        byte[] data = randomBytes(SIZE);
        try (ScriptedSftpServer s = new ScriptedSftpServer(data, 5, 0); var in = s.client.openInputStream("/file")) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(data));
        }
    }
}

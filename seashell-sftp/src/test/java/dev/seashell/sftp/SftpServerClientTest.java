package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our client against our server over in-memory pipes: operations, errors, concurrency, hostile input. */
class SftpServerClientTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private InMemorySession session() throws Exception {
        return new InMemorySession(SftpServer.Options.defaults().startingIn(tmp.toString()));
    }

    @Test
    void versionAndExtensionsAreAnnounced() throws Exception {
        try (InMemorySession s = session()) {
            assertThat(s.client.serverVersion()).isEqualTo(3);
            assertThat(s.client.extensions()).containsEntry(EXT_POSIX_RENAME, "1").containsEntry(EXT_STATVFS, "2")
                    .containsEntry(EXT_LIMITS, "1").containsKey(EXT_COPY_DATA);
            SftpLimits l = s.client.limits();
            assertThat(l.maxReadLength()).isEqualTo(MAX_DATA);
            assertThat(l.maxOpenHandles()).isEqualTo(MAX_HANDLES);
        }
    }

    @Test
    void fileAndDirectoryOperations() throws Exception {
        Files.writeString(tmp.resolve("hello.txt"), "hello");
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            assertThat(c.realpath(".")).isEqualTo(tmp.toRealPath().toString());
            assertThat(c.stat("hello.txt").size()).isEqualTo(5);
            assertThat(c.stat("hello.txt").isRegularFile()).isTrue();

            c.mkdir("dir");
            assertThat(Files.isDirectory(tmp.resolve("dir"))).isTrue();
            assertThat(c.stat("dir").isDirectory()).isTrue();
            c.rename("hello.txt", "dir/moved.txt");
            assertThat(tmp.resolve("dir/moved.txt")).hasContent("hello");

            List<SftpEntry> entries = c.list("dir");
            assertThat(entries).extracting(SftpEntry::filename).containsExactly("moved.txt");
            assertThat(entries.getFirst().longname()).matches("-rw-[-r][-w][-x][-r][-w][-x]    1 \\S+ +\\S+ +5 \\w{3} [ \\d]\\d (\\d\\d:\\d\\d| \\d{4}) moved\\.txt");

            c.symlink("moved.txt", "dir/link");
            assertThat(Files.readSymbolicLink(tmp.resolve("dir/link"))).isEqualTo(Path.of("moved.txt"));
            assertThat(c.readlink("dir/link")).isEqualTo("moved.txt");
            assertThat(c.lstat("dir/link").isSymbolicLink()).isTrue();
            assertThat(c.stat("dir/link").size()).isEqualTo(5);

            c.setstat("dir/moved.txt", SftpAttributes.EMPTY.withPermissions(0600).withTimes(1_000_000, 2_000_000));
            SftpAttributes a = c.stat("dir/moved.txt");
            assertThat(a.permissions() & 07777).isEqualTo(0600);
            assertThat(a.mtime()).isEqualTo(2_000_000);
            assertThat(a.atime()).isEqualTo(1_000_000);

            assertThatThrownBy(() -> c.rmdir("dir")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_FAILURE));
            c.remove("dir/link");
            c.remove("dir/moved.txt");
            c.rmdir("dir");
            assertThat(tmp.resolve("dir")).doesNotExist();
        }
    }

    @Test
    void readWriteAtOffsetsAndSetSize() throws Exception {
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            SftpHandle h = c.open("f.bin", SSH_FXF_READ | SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_TRUNC);
            c.write(h, 10, "world".getBytes(StandardCharsets.US_ASCII));
            c.write(h, 0, "hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(c.fstat(h).size()).isEqualTo(15);
            assertThat(new String(c.read(h, 10, 100), StandardCharsets.US_ASCII)).isEqualTo("world");
            assertThat(c.read(h, 15, 100)).isEmpty();
            c.fsetstat(h, SftpAttributes.EMPTY.withSize(3));
            assertThat(c.read(h, 0, 100)).containsExactly('h', 'e', 'l');
            c.fsync(h);
            c.close(h);
            assertThatThrownBy(() -> c.read(h, 0, 1)).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_FAILURE));
        }
    }

    @Test
    void errorsMapToStatusCodes() throws Exception {
        Files.createDirectory(tmp.resolve("d"));
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            assertThatThrownBy(() -> c.stat("missing")).isInstanceOfSatisfying(SftpException.class, e -> {
                assertThat(e.status()).isEqualTo(SSH_FX_NO_SUCH_FILE);
                assertThat(e.getMessage()).contains("missing");
            });
            assertThatThrownBy(() -> c.open("missing", SSH_FXF_READ)).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_NO_SUCH_FILE));
            assertThatThrownBy(() -> c.remove("d")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_FAILURE));
            assertThatThrownBy(() -> c.mkdir("d")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.getMessage()).contains("File exists"));
            c.close(c.open("d/x", SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_EXCL));
            assertThatThrownBy(() -> c.open("d/x", SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_EXCL))
                    .isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_FAILURE));
            SftpResponse r = c.await(c.send(id -> new SftpRequest.UnknownExtended(id, "nope@example.com")));
            assertThat(r).isInstanceOfSatisfying(SftpResponse.Status.class, st -> assertThat(st.code()).isEqualTo(SSH_FX_OP_UNSUPPORTED));
            r = c.await(c.send(id -> new SftpRequest.Unknown(id, 99)));
            assertThat(r).isInstanceOfSatisfying(SftpResponse.Status.class, st -> assertThat(st.code()).isEqualTo(SSH_FX_OP_UNSUPPORTED));
            // Draft RENAME never replaces; posix-rename does.
            Files.writeString(tmp.resolve("a"), "A");
            Files.writeString(tmp.resolve("b"), "B");
            r = c.await(c.send(id -> new SftpRequest.Rename(id, "a", "b")));
            assertThat(r).isInstanceOfSatisfying(SftpResponse.Status.class, st -> assertThat(st.code()).isEqualTo(SSH_FX_FAILURE));
            c.rename("a", "b");
            assertThat(tmp.resolve("b")).hasContent("A");
            // The session survives all of these.
            assertThat(c.stat("b").size()).isEqualTo(1);
        }
    }

    @Test
    void readOnlyServerRefusesChanges() throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        try (InMemorySession s = new InMemorySession(SftpServer.Options.defaults().startingIn(tmp.toString()).readOnly(true))) {
            SftpClient c = s.client;
            assertThatThrownBy(() -> c.open("f", SSH_FXF_WRITE)).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_PERMISSION_DENIED));
            assertThatThrownBy(() -> c.mkdir("d")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_PERMISSION_DENIED));
            assertThatThrownBy(() -> c.remove("f")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_PERMISSION_DENIED));
            assertThat(tmp.resolve("f")).hasContent("x");
            SftpHandle h = c.open("f", SSH_FXF_READ);
            assertThat(c.read(h, 0, 10)).containsExactly('x');
            c.close(h);
        }
    }

    @Test
    void extensions() throws Exception {
        Files.write(tmp.resolve("src"), random(100_000, 1));
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            SftpHandle from = c.open("src", SSH_FXF_READ);
            SftpHandle to = c.open("dst", SSH_FXF_WRITE | SSH_FXF_CREAT);
            c.copyData(from, 0, 0, to, 0);
            assertThatThrownBy(() -> c.copyData(from, 0, 0, from, 0)).isInstanceOf(SftpException.class);
            c.close(from);
            c.close(to);
            assertThat(tmp.resolve("dst")).hasSameBinaryContentAs(tmp.resolve("src"));

            c.hardlink("src", "hard");
            assertThat(Files.isSameFile(tmp.resolve("src"), tmp.resolve("hard"))).isTrue();

            SftpStatVfs vfs = c.statvfs(".");
            assertThat(vfs.bsize()).isPositive();
            assertThat(vfs.blocks()).isGreaterThanOrEqualTo(vfs.bfree());

            assertThat(c.expandPath("~")).isEqualTo(Path.of(System.getProperty("user.home")).toRealPath().toString());
            assertThat(c.homeDirectory("")).isEqualTo(System.getProperty("user.home"));
            assertThat(c.usersGroupsById(new int[] {0, 1 << 30}, new int[] {0})).containsExactly(List.of("root", ""), List.of("root"));
        }
    }

    @Test
    void streamsAndResume() throws Exception {
        byte[] data = random(1_000_003, 2);
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            try (OutputStream out = c.openOutputStream("streamed")) {
                out.write(data, 0, 17);
                out.write(data, 17, data.length - 17);
            }
            assertThat(tmp.resolve("streamed")).hasBinaryContent(data);
            try (InputStream in = c.openInputStream("streamed")) {
                assertThat(in.readAllBytes()).isEqualTo(data);
            }

            Path local = tmp.resolve("local");
            Files.write(local, data);
            Files.write(tmp.resolve("partial"), java.util.Arrays.copyOf(data, 300_000));
            c.resumeUpload(local, "partial");
            assertThat(tmp.resolve("partial")).hasBinaryContent(data);
        }
    }

    /** The WRITE frames and DATA frames built in place, at chunk sizes from tiny to the maximum, with ragged tails. */
    @Test
    void wholeFileTransfersAtEveryChunkSize() throws Exception {
        byte[] data = random(3 * MAX_DATA + 12_345, 7);
        Path local = tmp.resolve("src");
        Files.write(local, data);
        int[][] settings = {{1000, 3}, {32 * 1024, 64}, {MAX_DATA - 1, 5}, {MAX_DATA, 1}, {MAX_DATA, 64}};
        try (InMemorySession s = session()) {
            for (int[] cs : settings) {
                String name = "up-" + cs[0] + "-" + cs[1];
                s.client.upload(local, name, false, cs[0], cs[1]);
                assertThat(tmp.resolve(name)).as(name).hasBinaryContent(data);
                Path back = tmp.resolve("down-" + cs[0] + "-" + cs[1]);
                s.client.download(name, back, false, cs[0], cs[1]);
                assertThat(back).as(name).hasBinaryContent(data);
                // A small request after the big frames still gets its own reply in order.
                assertThat(s.client.stat(name).size()).isEqualTo(data.length);
            }
            Files.write(tmp.resolve("partial"), java.util.Arrays.copyOf(data, MAX_DATA + 1));
            s.client.upload(local, "partial", true, MAX_DATA, 8);
            assertThat(tmp.resolve("partial")).hasBinaryContent(data);
        }
    }

    @Test
    void failedDownloadLeavesTargetUntouched() throws Exception {
        Files.createDirectory(tmp.resolve("remote-dir"));
        Path local = Files.createDirectory(tmp.resolve("local")).resolve("target");
        Files.writeString(local, "old");
        try (InMemorySession s = session()) {
            // Reading a directory fails on the server after open succeeds: mid-transfer failure.
            assertThatThrownBy(() -> s.client.download("remote-dir", local)).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> s.client.download("missing", local)).isInstanceOf(SftpException.class);
        }
        assertThat(local).hasContent("old");
        try (var files = Files.list(local.getParent())) {
            assertThat(files).containsExactly(local);
        }
    }

    @Test
    void concurrentTransfersOnSeveralHandles() throws Exception {
        int n = 6;
        for (int i = 0; i < n; i++) Files.write(tmp.resolve("in" + i), random(1_500_000 + i * 777, 10 + i));
        try (InMemorySession s = session(); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                jobs.add(pool.submit((Callable<Void>) () -> {
                    s.client.upload(tmp.resolve("in" + k), "up" + k);
                    s.client.download("up" + k, tmp.resolve("down" + k));
                    return null;
                }));
            }
            for (Future<?> f : jobs) f.get();
        }
        for (int i = 0; i < n; i++) assertThat(tmp.resolve("down" + i)).hasSameBinaryContentAs(tmp.resolve("in" + i));
    }

    @Test
    void handleTableIsBounded() throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        try (InMemorySession s = session()) {
            for (int i = 0; i < MAX_HANDLES; i++) s.client.open("f", SSH_FXF_READ);
            assertThatThrownBy(() -> s.client.open("f", SSH_FXF_READ))
                    .isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.getMessage()).contains("too many open handles"));
        }
    }

    @Test
    void hostilePacketLengthIsRefusedBeforeReadingTheBody() throws Exception {
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        hostile.write(new byte[] {0, 0, 0, 5, SSH_FXP_INIT, 0, 0, 0, 3});
        // Claims 2 GiB, sends nothing more: reading the body would end in EOFException instead.
        hostile.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        assertThatThrownBy(() -> new SftpServer().serve(new ByteArrayInputStream(hostile.toByteArray()), replies))
                .isExactlyInstanceOf(SshFormatException.class).hasMessageContaining("2147483647");
        assertThat(replies.toByteArray()[4]).isEqualTo((byte) SSH_FXP_VERSION);

        // The same from a hostile server towards the client.
        byte[] fromServer = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0};
        assertThatThrownBy(() -> new SftpClient(new ByteArrayInputStream(fromServer), OutputStream.nullOutputStream()))
                .isExactlyInstanceOf(SshFormatException.class).hasMessageContaining("4294967280");
    }

    @Test
    void malformedRequestGetsBadMessageAndSessionContinues() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.write(new byte[] {0, 0, 0, 5, SSH_FXP_INIT, 0, 0, 0, 3});
        // READDIR id 7 whose handle claims 1000 bytes of a 2-byte remainder.
        in.write(new byte[] {0, 0, 0, 11, SSH_FXP_READDIR, 0, 0, 0, 7, 0, 0, 0x03, (byte) 0xe8, 1, 2});
        // REALPATH id 8 of "/".
        in.write(new byte[] {0, 0, 0, 10, SSH_FXP_REALPATH, 0, 0, 0, 8, 0, 0, 0, 1, '/'});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SftpServer().serve(new ByteArrayInputStream(in.toByteArray()), out);
        InputStream replies = new ByteArrayInputStream(out.toByteArray());
        assertThat(SftpPackets.read(replies)[0]).isEqualTo((byte) SSH_FXP_VERSION);
        byte[] bad = SftpPackets.read(replies);
        SftpResponse r = SftpResponse.decode(bad[0] & 0xff, new dev.seashell.wire.SshReader(bad, 1, bad.length - 1));
        assertThat(r).isEqualTo(new SftpResponse.Status(7, SSH_FX_BAD_MESSAGE, ((SftpResponse.Status) r).message()));
        byte[] ok = SftpPackets.read(replies);
        r = SftpResponse.decode(ok[0] & 0xff, new dev.seashell.wire.SshReader(ok, 1, ok.length - 1));
        assertThat(r).isInstanceOfSatisfying(SftpResponse.Name.class, n -> assertThat(n.entries().getFirst().filename()).isEqualTo("/"));
    }
}

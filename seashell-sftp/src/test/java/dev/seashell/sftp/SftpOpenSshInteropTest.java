package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with OpenSSH: our client against its sftp-server, its sftp client against our server. */
class SftpOpenSshInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needOpenSsh() {
        OpenSsh.assumeSftp();
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Runs OpenSSH's sftp-server as a process with our client on its stdio. */
    static final class OpenSshServerProcess implements AutoCloseable {
        final Process process;
        final SftpClient client;

        OpenSshServerProcess(Path dir) throws Exception {
            process = new ProcessBuilder(OpenSsh.SFTP_SERVER.toString(), "-d", dir.toString(), "-e", "-l", "ERROR")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            client = new SftpClient(process.getInputStream(), process.getOutputStream(), Duration.ofSeconds(30));
        }

        @Override
        public void close() throws Exception {
            client.close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    @Test
    void ourClientAgainstOpenSshSftpServer() throws Exception {
        Path remote = Files.createDirectory(tmp.resolve("remote"));
        Path local = tmp.resolve("big.bin");
        Files.write(local, random(20 * 1024 * 1024 + 123, 42));
        try (OpenSshServerProcess s = new OpenSshServerProcess(remote)) {
            SftpClient c = s.client;
            assertThat(c.extensions()).containsKeys(EXT_POSIX_RENAME, EXT_LIMITS);
            assertThat(c.realpath(".")).isEqualTo(remote.toRealPath().toString());
            c.upload(local, "big.bin");
            assertThat(remote.resolve("big.bin")).hasSameBinaryContentAs(local);
            assertThat(c.stat("big.bin").size()).isEqualTo(Files.size(local));
            c.download("big.bin", tmp.resolve("back.bin"));
            assertThat(tmp.resolve("back.bin")).hasSameBinaryContentAs(local);

            c.mkdir("sub");
            c.rename("big.bin", "sub/renamed.bin");
            c.symlink("renamed.bin", "sub/link");
            assertThat(Files.readSymbolicLink(remote.resolve("sub/link"))).isEqualTo(Path.of("renamed.bin"));
            assertThat(c.list("sub")).extracting(SftpEntry::filename).containsExactlyInAnyOrder("renamed.bin", "link");
            assertThat(c.stat("sub/link").size()).isEqualTo(Files.size(local));
            assertThatThrownBy(() -> c.stat("nope")).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isEqualTo(SSH_FX_NO_SUCH_FILE));
            c.remove("sub/link");
            c.remove("sub/renamed.bin");
            c.rmdir("sub");
            assertThat(c.list(".")).isEmpty();
        }
    }

    @Test
    void longnamesMatchOpenSshSftpServer() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(dir.resolve("file.txt"), "12345");
        Files.createDirectory(dir.resolve("subdir"));
        Files.createSymbolicLink(dir.resolve("link"), Path.of("file.txt"));
        Files.setLastModifiedTime(dir.resolve("subdir"), java.nio.file.attribute.FileTime.fromMillis(946_684_800_000L));
        Map<String, String> theirs = new TreeMap<>();
        try (OpenSshServerProcess s = new OpenSshServerProcess(dir)) {
            for (SftpEntry e : s.client.list(".")) theirs.put(e.filename(), e.longname());
        }
        Map<String, String> ours = new TreeMap<>();
        try (InMemorySession s = new InMemorySession(SftpServer.Options.defaults().startingIn(dir.toString()))) {
            for (SftpEntry e : s.client.list(".")) ours.put(e.filename(), e.longname());
        }
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void openSshSftpClientAgainstOurServer() throws Exception {
        Path remote = Files.createDirectory(tmp.resolve("remote"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Files.write(work.resolve("up.bin"), random(3 * 1024 * 1024 + 7, 7));
        Files.writeString(remote.resolve("existing.txt"), "from the server\n");
        String java = ProcessHandle.current().info().command().orElseThrow();
        String server = String.join(" ", List.of(java, "-cp", System.getProperty("java.class.path"),
                SftpServerMain.class.getName(), "-d", remote.toString(), "-e"));
        Path batch = work.resolve("batch");
        Files.writeString(batch, String.join("\n",
                "put up.bin",
                "get existing.txt",
                "mkdir newdir",
                "rename up.bin newdir/up2.bin",
                "ls -l newdir",
                "get newdir/up2.bin down.bin",
                "put up.bin gone.bin",
                "rm gone.bin",
                "symlink newdir/up2.bin link",
                "ls",
                "") + "\n");
        ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SFTP.toString(), "-D", server, "-b", batch.toString())
                .directory(work).timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(remote.resolve("newdir/up2.bin")).hasSameBinaryContentAs(work.resolve("up.bin"));
        assertThat(work.resolve("down.bin")).hasSameBinaryContentAs(work.resolve("up.bin"));
        assertThat(work.resolve("existing.txt")).hasContent("from the server");
        assertThat(remote.resolve("gone.bin")).doesNotExist();
        assertThat(remote.resolve("up.bin")).doesNotExist();
        assertThat(Files.readSymbolicLink(remote.resolve("link"))).isEqualTo(Path.of("newdir/up2.bin"));
        assertThat(r.stdoutText()).contains("up2.bin").containsPattern("-rw\\S+ .* 3145735 .*newdir/up2.bin");
    }
}

package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server confined to a root directory (as ChrootDirectory + internal-sftp) must not let a client
 * reach outside it: the escape class of MINA SSHD CVE-2023-35887 ("../", absolute paths, symbolic
 * links inside the root pointing out, chains of them, dangling links used to create files outside).
 */
class SftpConfinementTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectory(root.resolve("pub"));
        Files.writeString(root.resolve("pub/readme.txt"), "inside");
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("out-link"), outside);
        Files.createSymbolicLink(root.resolve("chain1"), Path.of("chain2"));
        Files.createSymbolicLink(root.resolve("chain2"), Path.of("pub/../out-link"));
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("created-by-client.txt"));
        Files.createSymbolicLink(root.resolve("inner-link"), Path.of("pub/readme.txt"));
        Files.createSymbolicLink(root.resolve("pub/up"), Path.of(".."));
    }

    private InMemorySession session() throws Exception {
        return new InMemorySession(SftpServer.Options.defaults().confinedTo(root));
    }

    private static void refused(ThrowingCallable call, int... codes) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SftpException.class, e -> assertThat(e.status()).isIn((Object[]) box(codes)));
    }

    private static Integer[] box(int[] codes) {
        Integer[] out = new Integer[codes.length];
        for (int i = 0; i < codes.length; i++) out[i] = codes[i];
        return out;
    }

    @Test
    void rootLooksLikeSlash() throws Exception {
        try (InMemorySession s = session()) {
            assertThat(s.client.realpath(".")).isEqualTo("/");
            assertThat(s.client.realpath("..")).isEqualTo("/");
            assertThat(s.client.realpath("../../..")).isEqualTo("/");
            assertThat(s.client.realpath("pub/up/pub")).isEqualTo("/pub");
            assertThat(s.client.realpath("inner-link")).isEqualTo("/pub/readme.txt");
            assertThat(s.client.homeDirectory("")).isEqualTo("/");
            assertThat(s.client.list("/")).extracting(SftpEntry::filename).contains("pub", "etc-link", "chain1");
        }
    }

    @Test
    void dotDotAndAbsolutePathsStayInside() throws Exception {
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            refused(() -> c.stat("../outside/secret.txt"), SSH_FX_NO_SUCH_FILE);
            refused(() -> c.open("../../../../../etc/passwd", SSH_FXF_READ), SSH_FX_NO_SUCH_FILE);
            refused(() -> c.open("/etc/passwd", SSH_FXF_READ), SSH_FX_NO_SUCH_FILE);
            refused(() -> c.open("pub/../../outside/secret.txt", SSH_FXF_READ), SSH_FX_NO_SUCH_FILE);
            // Absolute paths are relative to the root.
            assertThat(c.stat("/pub/readme.txt").size()).isEqualTo(6);
            assertThat(c.stat("/../pub/readme.txt").size()).isEqualTo(6);
            // Writes aimed outside land inside (or nowhere).
            c.mkdir("../escaped-dir");
            assertThat(root.resolve("escaped-dir")).isDirectory();
            assertThat(tmp.resolve("escaped-dir")).doesNotExist();
            refused(() -> c.rename("pub/readme.txt", "../../outside/moved.txt"), SSH_FX_NO_SUCH_FILE);
            assertThatThrownBy(() -> c.stat("../outside/secret.txt")).message().doesNotContain(tmp.toString()).contains("/outside");
            assertThatThrownBy(() -> c.stat("etc-link")).message().doesNotContain(tmp.toString());
            assertThat(outside.resolve("moved.txt")).doesNotExist();
            assertThat(root.resolve("outside")).doesNotExist();
        }
    }

    @Test
    void symlinksPointingOutsideAreRefused() throws Exception {
        try (InMemorySession s = session()) {
            SftpClient c = s.client;
            refused(() -> c.open("etc-link/passwd", SSH_FXF_READ), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.stat("etc-link"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.list("etc-link"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.open("out-link/secret.txt", SSH_FXF_READ), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.realpath("out-link"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.open("chain1/secret.txt", SSH_FXF_READ), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.stat("chain1"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.open("out-link/new.txt", SSH_FXF_WRITE | SSH_FXF_CREAT), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.mkdir("out-link/newdir"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.remove("out-link/secret.txt"), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.setstat("out-link/secret.txt", SftpAttributes.EMPTY.withPermissions(0777)), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.statvfs("etc-link"), SSH_FX_PERMISSION_DENIED);
            // A dangling link must not let O_CREAT create its outside target.
            refused(() -> c.open("dangling", SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_TRUNC), SSH_FX_PERMISSION_DENIED);
            assertThat(outside.resolve("created-by-client.txt")).doesNotExist();
            // A link the client makes itself is no better.
            c.symlink("/etc", "mine");
            refused(() -> c.open("mine/passwd", SSH_FXF_READ), SSH_FX_PERMISSION_DENIED);
            refused(() -> c.hardlink("out-link/secret.txt", "stolen"), SSH_FX_PERMISSION_DENIED);
            assertThat(root.resolve("stolen")).doesNotExist();
            assertThat(outside.resolve("secret.txt")).hasContent("secret");
            // Links themselves can be inspected and removed; links inside work.
            assertThat(c.lstat("etc-link").isSymbolicLink()).isTrue();
            assertThat(c.readlink("etc-link")).isEqualTo("/etc");
            SftpHandle h = c.open("inner-link", SSH_FXF_READ);
            assertThat(c.read(h, 0, 100)).isEqualTo("inside".getBytes());
            c.close(h);
            c.remove("etc-link");
            assertThat(Files.exists(Path.of("/etc"))).isTrue();
        }
    }
}

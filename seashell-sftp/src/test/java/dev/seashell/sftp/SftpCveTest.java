package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP vulnerability classes, named after their CVEs (the general confinement tests are in {@link SftpConfinementTest}). */
class SftpCveTest {
    @TempDir
    Path tmp;

    /**
     * MINA SSHD CVE-2023-35887: RootedFileSystem compared paths as strings, so a sibling directory
     * whose name starts with the root's name ({@code /srv/root} vs {@code /srv/root-evil}) counted as
     * inside. Reaching the sibling by {@code ..} or through a symbolic link must be refused.
     */
    @Test
    void cve_2023_35887_siblingDirectorySharingTheRootsPrefixIsOutside() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Path sibling = Files.createDirectory(tmp.resolve("root-evil"));
        Files.writeString(sibling.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("to-sibling"), sibling);
        Files.createSymbolicLink(root.resolve("to-sibling-file"), sibling.resolve("secret.txt"));
        try (InMemorySession s = new InMemorySession(SftpServer.Options.defaults().confinedTo(root))) {
            List<ThrowableCall> attempts = List.of(
                    () -> s.client.open("../root-evil/secret.txt", SSH_FXF_READ),
                    () -> s.client.open("/../root-evil/secret.txt", SSH_FXF_READ),
                    () -> s.client.stat("/root-evil/../../root-evil/secret.txt"),
                    () -> s.client.open("to-sibling/secret.txt", SSH_FXF_READ),
                    () -> s.client.open("to-sibling-file", SSH_FXF_READ),
                    () -> s.client.list("to-sibling"),
                    () -> s.client.open("to-sibling/new.txt", SSH_FXF_WRITE | SSH_FXF_CREAT));
            List<Integer> statuses = new ArrayList<>();
            for (ThrowableCall a : attempts) {
                assertThatThrownBy(a::call).isInstanceOfSatisfying(SftpException.class, e -> statuses.add(e.status()));
            }
            assertThat(statuses).allMatch(c -> c == SSH_FX_NO_SUCH_FILE || c == SSH_FX_PERMISSION_DENIED);
            assertThat(s.client.realpath("../root-evil")).as("the client's view stays under /").startsWith("/");
        }
        try (var files = Files.list(sibling)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("secret.txt");
        }
    }

    /** SFTP handles are bounded per session: opening files without closing them cannot exhaust descriptors. */
    @Test
    void openHandlesAreBoundedPerSession() throws Exception {
        Files.writeString(tmp.resolve("f"), "x");
        try (InMemorySession s = new InMemorySession(SftpServer.Options.defaults().confinedTo(tmp))) {
            for (int i = 0; i < MAX_HANDLES; i++) s.client.open("f", SSH_FXF_READ);
            assertThatThrownBy(() -> s.client.open("f", SSH_FXF_READ)).isInstanceOf(SftpException.class);
            assertThatThrownBy(() -> s.client.openDir(".")).isInstanceOf(SftpException.class);
        }
    }

    @FunctionalInterface
    interface ThrowableCall {
        Object call() throws Exception;
    }
}

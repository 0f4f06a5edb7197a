package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ConfinedSftpServerExample} reached by OpenSSH's {@code sftp -b}. */
class ConfinedSftpServerExampleTest {
    private static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    @TempDir Path tmp;

    @Test
    void filesLandInsideTheRootAndNoPathLeavesIt() throws IOException {
        OpenSsh.assumeSftp();
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        Path local = Files.writeString(tmp.resolve("local.txt"), "uploaded\n");
        Path authorizedKeys = Files.writeString(tmp.resolve("authorized_keys"), key.publicLine() + "\n");
        // A leading "-" lets sftp -b go on after a command fails: the escapes must fail, the rest succeed.
        String batch = String.join("\n",
                "put " + local + " hello.txt",
                "-put " + local + " ../outside/up.txt",
                "-put " + local + " " + outside.resolve("abs.txt"),
                "-get ../outside/secret.txt " + tmp.resolve("got1.txt"),
                "-get " + outside.resolve("secret.txt") + " " + tmp.resolve("got2.txt"),
                "cd ../../..",
                "pwd",
                "get hello.txt " + tmp.resolve("back.txt"),
                "") ;
        Path batchFile = Files.writeString(tmp.resolve("batch"), batch);

        try (SshServer server = ConfinedSftpServerExample.start(HOST_KEY, authorizedKeys, root, 0)) {
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), ServerFixtures.knownHostsLine(server.port(), HOST_KEY));
            ProcessRunner.Result r = ProcessRunner.command(List.of(OpenSsh.SFTP.toString(), "-F", "/dev/null",
                    "-P", Integer.toString(server.port()), "-i", key.privateKey().toString(),
                    "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                    "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                    "-b", batchFile.toString(), "bob@127.0.0.1")).timeout(Duration.ofSeconds(30)).run();

            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(root.resolve("hello.txt")).hasContent("uploaded");
            assertThat(tmp.resolve("back.txt")).hasContent("uploaded");
            assertThat(r.stdoutText()).contains("Remote working directory: /\n");
            try (var files = Files.list(outside)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
            }
            assertThat(tmp.resolve("up.txt")).doesNotExist();
            assertThat(tmp.resolve("got1.txt")).doesNotExist();
            assertThat(tmp.resolve("got2.txt")).doesNotExist();
            // Inside the root, ".." from "/" is "/" again: the relative escape landed in the root, not above it.
            assertThat(root.resolve("outside")).doesNotExist();
        }
    }
}

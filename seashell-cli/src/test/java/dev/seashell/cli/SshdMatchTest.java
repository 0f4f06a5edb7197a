package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `seashell sshd -f` applies Match blocks per login: a Match User block's ForceCommand only for that user. */
class SshdMatchTest {
    @TempDir Path dir;

    /** Authentication keywords follow Match too: once the user is known, as sshd re-reads Match then. */
    @Test
    void matchUserBlockChangesAuthentication() throws Exception {
        OpenSsh.assumeSsh();
        String me = System.getProperty("user.name");
        var r = runWith("Match User " + me + "\n    PubkeyAuthentication no\n", "true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied");
        var other = runWith("Match User someone-else\n    PubkeyAuthentication no\n", "echo in");
        assertThat(other.stdoutText()).as(other.describe()).isEqualTo("in\n");
    }

    /** Starts `seashell sshd -f` with these lines after a working base config and runs one OpenSSH ssh. */
    ProcessRunner.Result runWith(String matchLines, String command) throws Exception {
        Path hostKey = dir.resolve("host-" + System.nanoTime());
        OpenSsh.keygen("ed25519", 0, hostKey, "h");
        Path userKey = dir.resolve("id-" + System.nanoTime());
        OpenSsh.keygen("ed25519", 0, userKey, "u");
        Path ak = dir.resolve("ak-" + System.nanoTime());
        Files.copy(Path.of(userKey + ".pub"), ak);
        int port = FreePort.pick();
        Path cfg = dir.resolve("sshd_config-" + System.nanoTime());
        Files.writeString(cfg, "Port " + port + "\nListenAddress 127.0.0.1\nHostKey " + hostKey + "\nAuthorizedKeysFile " + ak
                + "\nPidFile none\nPerSourcePenalties no\n" + matchLines);
        Process sshd = new ProcessBuilder(CliPeersTest.seashell("sshd", "-D", "-e", "-f", cfg.toString())).redirectErrorStream(true).start();
        try {
            awaitListening(sshd);
            return ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", String.valueOf(port), "-i", userKey.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "127.0.0.1", command).timeout(Duration.ofSeconds(60)).run();
        } finally {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static void awaitListening(Process sshd) throws Exception {
        CompletableFuture<Boolean> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.contains("Server listening")) listening.complete(true);
                }
            } catch (java.io.IOException ignored) {
                // the server ended
            }
            listening.complete(false);
        });
        assertThat(listening.get(90, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void matchUserBlockAppliesToThatUserOnly() throws Exception {
        OpenSsh.assumeSsh();
        String me = System.getProperty("user.name");
        Path hostKey = dir.resolve("host");
        OpenSsh.keygen("ed25519", 0, hostKey, "h");
        Path userKey = dir.resolve("id");
        OpenSsh.keygen("ed25519", 0, userKey, "u");
        Path ak = dir.resolve("ak");
        Files.copy(Path.of(userKey + ".pub"), ak);
        int port = FreePort.pick();
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                AuthorizedKeysFile %s
                PidFile none
                Match User nobody-else
                    ForceCommand echo wrong-block
                Match User %s
                    ForceCommand echo matched-$SSH_ORIGINAL_COMMAND
                """.formatted(port, hostKey, ak, me));
        Process sshd = new ProcessBuilder(CliPeersTest.seashell("sshd", "-D", "-e", "-f", cfg.toString()))
                .redirectErrorStream(true).start();
        try {
            CompletableFuture<Boolean> listening = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(sshd.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.contains("Server listening")) listening.complete(true);
                    }
                } catch (java.io.IOException ignored) {
                    // the server ended
                }
                listening.complete(false);
            });
            assertThat(listening.get(90, TimeUnit.SECONDS)).isTrue();
            var r = ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", String.valueOf(port), "-i", userKey.toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                    "127.0.0.1", "hello").timeout(Duration.ofSeconds(60)).run();
            assertThat(r.stdoutText()).as(r.describe()).isEqualTo("matched-hello\n");
        } finally {
            sshd.destroy();
            sshd.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

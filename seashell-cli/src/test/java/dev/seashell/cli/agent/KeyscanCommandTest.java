package dev.seashell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** seashell keyscan against an OpenSSH server, compared with ssh-keyscan. */
class KeyscanCommandTest {
    private static final Path SSH_KEYSCAN = Path.of("/usr/bin/ssh-keyscan");
    private static OpenSshServer sshd;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(SSH_KEYSCAN), "ssh-keyscan not installed");
        sshd = OpenSshServer.builder().start();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    private static List<String> sortedLines(String text) {
        List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
        lines.sort(null);
        return lines;
    }

    private static ProcessRunner.Result keyscan(String... args) {
        List<String> cmd = new ArrayList<>(List.of(SSH_KEYSCAN.toString()));
        cmd.addAll(List.of(args));
        return ProcessRunner.command(cmd).timeout(Duration.ofSeconds(30)).run();
    }

    @Test
    void defaultTypesMatchSshKeyscan() {
        String port = Integer.toString(sshd.port());
        CliRun ours = CliRun.run(KeyscanCommand::run, Map.of(), "", "-p", port, OpenSshServer.HOST);
        ProcessRunner.Result theirs = keyscan("-p", port, OpenSshServer.HOST);
        assertThat(ours.status()).as(ours.toString()).isZero();
        assertThat(sortedLines(ours.out())).hasSize(3).isEqualTo(sortedLines(theirs.stdoutText()));
        // Every key line is "[host]:port type base64" and matches the server's host key files.
        for (String pub : sshd.hostKeyPublicLines()) {
            String[] p = pub.split(" ");
            assertThat(ours.out()).contains("[127.0.0.1]:" + port + " " + p[0] + " " + p[1] + "\n");
        }
        assertThat(ours.err().lines().toList()).hasSize(3)
                .allMatch(l -> l.startsWith("# 127.0.0.1:" + port + " SSH-2.0-OpenSSH_"));
    }

    @Test
    void selectedTypesAndHashing() {
        String port = Integer.toString(sshd.port());
        CliRun ours = CliRun.run(KeyscanCommand::run, Map.of(), "", "-t", "ed25519,rsa", "-p", port, OpenSshServer.HOST);
        ProcessRunner.Result theirs = keyscan("-t", "ed25519,rsa", "-p", port, OpenSshServer.HOST);
        assertThat(sortedLines(ours.out())).hasSize(2).isEqualTo(sortedLines(theirs.stdoutText()));

        CliRun hashed = CliRun.run(KeyscanCommand::run, Map.of(), "", "-H", "-t", "ecdsa", "-p", port, OpenSshServer.HOST);
        String[] fields = hashed.out().strip().split(" ");
        assertThat(fields[0]).startsWith("|1|");
        String[] plain = sortedLines(CliRun.run(KeyscanCommand::run, Map.of(), "", "-t", "ecdsa", "-p", port, OpenSshServer.HOST).out())
                .getFirst().split(" ");
        assertThat(Arrays.copyOfRange(fields, 1, 3)).containsExactly(plain[1], plain[2]);
    }

    @Test
    void closedPortFindsNothing() {
        int port = dev.seashell.testing.FreePort.pick();
        CliRun r = CliRun.run(KeyscanCommand::run, Map.of(), "", "-T", "2", "-p", Integer.toString(port), OpenSshServer.HOST);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Connection refused");
    }
}

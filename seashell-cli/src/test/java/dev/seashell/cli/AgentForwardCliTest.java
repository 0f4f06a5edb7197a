package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh -A to OpenSSH's sshd with OpenSSH's ssh-agent. */
class AgentForwardCliTest {
    static OpenSshClient.UserKey key;
    static OpenSshServer sshd1;
    static OpenSshServer sshd2;
    static Path cfg;
    static Path knownHosts;
    static SshKeyPair inetdHostKey;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        key = OpenSshClient.newUserKey();
        sshd1 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        sshd2 = sshd1; // one sshd is enough here
        inetdHostKey = KeyGen.generate("ed25519", 0);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd1.knownHostsLine() + sshd2.knownHostsLine()
                + "inetd-host " + new PublicKeyLine(inetdHostKey.publicKey(), "").format().strip() + "\n");
        cfg = dir.resolve("ssh_config");
        Files.writeString(cfg, """
                Host *
                  User %s
                  IdentityFile %s
                  IdentitiesOnly yes
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  BatchMode yes
                """.formatted(System.getProperty("user.name"), key.privateKey(), knownHosts));
    }

    @AfterAll
    static void stop() {
        if (sshd1 != null) sshd1.close();

    }

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> ssh(String... args) {
        List<String> cmd = java("ssh", "-F", cfg.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ProcessRunner.Result run(List<String> cmd) {
        return ProcessRunner.command(cmd).timeout(Duration.ofSeconds(60)).run();
    }

    @Test
    void forwardAgentToOpenSshSshd() throws Exception {
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder(OpenSsh.SSH.getParent().resolve("ssh-agent").toString(), "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ProcessRunner.Result add = null;
            for (int i = 0; i < 100 && (add == null || add.exitCode() != 0); i++) { // until the agent listens
                add = ProcessRunner.command("ssh-add", key.privateKey().toString()).env("SSH_AUTH_SOCK", sock.toString())
                        .timeout(Duration.ofSeconds(10)).run();
            }
            assertThat(add.exitCode()).as(add.describe()).isZero();
            String fp = ProcessRunner.command("ssh-keygen", "-lf", key.publicKey().toString()).run().stdoutText().split(" ")[1];
            var r = ProcessRunner.command(ssh("-A", "-p", String.valueOf(sshd1.port()), "127.0.0.1", "ssh-add -l"))
                    .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(60)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).contains(fp);
            var without = ProcessRunner.command(ssh("-p", String.valueOf(sshd1.port()), "127.0.0.1", "ssh-add -l"))
                    .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(60)).run();
            assertThat(without.exitCode()).as(without.describe()).isEqualTo(2);
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

}

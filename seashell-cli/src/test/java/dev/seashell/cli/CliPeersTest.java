package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with OpenSSH's other programs: sshd -i under ssh's ProxyCommand, ssh-agent, ssh-keyscan. */
class CliPeersTest {
    @TempDir Path dir;

    static List<String> seashell(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String shellLine(List<String> cmd) {
        return String.join(" ", cmd.stream().map(InteractiveTmuxTest::quote).toList());
    }

    @Test
    void sshdInInetdModeServesOpenSshThroughProxyCommand() throws Exception {
        OpenSsh.assumeSsh();
        Path hostKey = dir.resolve("host_ed25519");
        OpenSsh.keygen("ed25519", 0, hostKey, "host");
        Path userKey = dir.resolve("id_ed25519");
        OpenSsh.keygen("ed25519", 0, userKey, "user");
        Path ak = dir.resolve("authorized_keys");
        Files.copy(Path.of(userKey + ".pub"), ak);
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, "HostKey " + hostKey + "\nAuthorizedKeysFile " + ak + "\nPidFile none\n");
        String proxy = shellLine(seashell("sshd", "-i", "-f", cfg.toString()));
        var r = ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-o", "ProxyCommand=" + proxy,
                "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
                "-i", userKey.toString(), "-l", System.getProperty("user.name"), "seashell-inetd", "echo via-inetd; exit 7")
                .timeout(Duration.ofSeconds(90)).run();
        assertThat(r.stdoutText()).as(r.describe()).isEqualTo("via-inetd\n");
        assertThat(r.exitCode()).isEqualTo(7);
    }

    @Test
    void seashellSshSignsWithOpenSshsAgent() throws Exception {
        OpenSsh.assumeSshd();
        Path sock = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(sock) && System.nanoTime() < deadline) Thread.sleep(50); // bounded poll for the socket
            SshKeyPair key = KeyGen.generate("ed25519", 0, "in-agent");
            Path keyFile = dir.resolve("agent_key");
            PrivateKeyFiles.write(keyFile, key, null, 16);
            var add = ProcessRunner.command("/usr/bin/ssh-add", keyFile.toString()).env("SSH_AUTH_SOCK", sock.toString())
                    .timeout(Duration.ofSeconds(20)).run();
            assertThat(add.exitCode()).as(add.describe()).isZero();
            Files.delete(keyFile); // only the agent has it now
            try (OpenSshServer sshd = OpenSshServer.builder().authorizedKey(new PublicKeyLine(key.publicKey(), "a").format()).start()) {
                Path kh = dir.resolve("known_hosts");
                Files.writeString(kh, sshd.knownHostsLine() + "\n");
                var r = ProcessRunner.command(seashell("ssh", "-F", "/dev/null", "-p", String.valueOf(sshd.port()),
                        "-o", "UserKnownHostsFile=" + kh, "-o", "BatchMode=yes", "-o", "KexAlgorithms=curve25519-sha256",
                        "127.0.0.1", "echo agent-ok").toArray(String[]::new))
                        .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(90)).run();
                assertThat(r.stdoutText()).as(r.describe()).isEqualTo("agent-ok\n");
                assertThat(r.exitCode()).isZero();
                // IdentityAgent wins over $SSH_AUTH_SOCK; none turns the agent off (shared with the library)
                var named = ProcessRunner.command(seashell("ssh", "-F", "/dev/null", "-p", String.valueOf(sshd.port()),
                        "-o", "UserKnownHostsFile=" + kh, "-o", "BatchMode=yes", "-o", "IdentityAgent=" + sock,
                        "127.0.0.1", "echo named-ok").toArray(String[]::new))
                        .env("SSH_AUTH_SOCK", dir.resolve("no-agent.sock").toString()).timeout(Duration.ofSeconds(90)).run();
                assertThat(named.stdoutText()).as(named.describe()).isEqualTo("named-ok\n");
                var none = ProcessRunner.command(seashell("ssh", "-F", "/dev/null", "-p", String.valueOf(sshd.port()),
                        "-o", "UserKnownHostsFile=" + kh, "-o", "BatchMode=yes", "-o", "IdentityAgent=none",
                        "127.0.0.1", "echo none-ok").toArray(String[]::new))
                        .env("SSH_AUTH_SOCK", sock.toString()).timeout(Duration.ofSeconds(90)).run();
                assertThat(none.exitCode()).as(none.describe()).isEqualTo(255);
                assertThat(none.stderrText()).contains("Permission denied (publickey");
            }
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    /** keyscan -c: the host certificates, as ssh-keyscan -c prints them. */
    @Test
    void keyscanCertificatesEqualSshKeyscans() throws Exception {
        var ca = KeyGen.generate("ed25519", 0, "ca");
        var hostKey = KeyGen.generate("ed25519", 0, "host");
        var cert = dev.seashell.keys.SshCertificate.sign(new byte[32], hostKey.publicKey(), 7, dev.seashell.keys.SshCertificate.Kind.HOST,
                "host", List.of("127.0.0.1"), 0, -1L, List.of(), List.of(), ca, dev.seashell.keys.SignatureAlgorithm.SSH_ED25519);
        try (SshServer server = SshServer.builder().port(0).hostKey(new dev.seashell.keys.CertifiedKeyPair(hostKey, cert))
                .hostKey(hostKey).publicKeys((u, k, a) -> false).sessions(new Sessions(Map.of())).start()) {
            String port = String.valueOf(server.port());
            var theirs = ProcessRunner.command("/usr/bin/ssh-keyscan", "-c", "-p", port, "127.0.0.1").timeout(Duration.ofSeconds(60)).run();
            var ours = ProcessRunner.command(seashell("keyscan", "-c", "-p", port, "127.0.0.1").toArray(String[]::new))
                    .timeout(Duration.ofSeconds(60)).run();
            List<String> expected = theirs.stdoutText().lines().filter(l -> !l.startsWith("#")).sorted().toList();
            assertThat(expected).singleElement().asString().contains("ssh-ed25519-cert-v01@openssh.com");
            assertThat(ours.stdoutText().lines().filter(l -> !l.startsWith("#")).sorted().toList()).as(ours.describe()).isEqualTo(expected);
        }
    }

    @Test
    void keyscanOfASeashellServerEqualsSshKeyscans() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/ssh-keyscan"))).isTrue();
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .hostKey(KeyGen.generate("rsa", 2048)).hostKey(KeyGen.generate("ecdsa", 384))
                .publicKeys((u, k, a) -> false).sessions(new Sessions(Map.of())).start()) {
            String port = String.valueOf(server.port());
            var theirs = ProcessRunner.command("/usr/bin/ssh-keyscan", "-p", port, "127.0.0.1").timeout(Duration.ofSeconds(60)).run();
            var ours = ProcessRunner.command(seashell("keyscan", "-p", port, "127.0.0.1").toArray(String[]::new))
                    .timeout(Duration.ofSeconds(60)).run();
            List<String> expected = theirs.stdoutText().lines().filter(l -> !l.startsWith("#")).sorted().toList();
            assertThat(expected).hasSize(3);
            assertThat(ours.stdoutText().lines().filter(l -> !l.startsWith("#")).sorted().toList()).as(ours.describe()).isEqualTo(expected);
        }
    }
}

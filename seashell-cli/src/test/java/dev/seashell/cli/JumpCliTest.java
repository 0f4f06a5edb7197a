package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh -J, ProxyCommand, -A and -R port (SOCKS) against OpenSSH's sshd, as a user types them. */
class JumpCliTest {
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
        sshd2 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
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
        if (sshd2 != null) sshd2.close();
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
    void jumpThroughOneOpenSshHostToAnother() {
        var r = run(ssh("-J", "127.0.0.1:" + sshd1.port(), "-p", String.valueOf(sshd2.port()), "127.0.0.1",
                "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith("127.0.0.1 " + sshd2.port());
    }

    @Test
    void twoHopChainWithUserInTheSpec() {
        String user = System.getProperty("user.name");
        var r = run(ssh("-J", user + "@127.0.0.1:" + sshd1.port() + ",127.0.0.1:" + sshd2.port(),
                "-p", String.valueOf(sshd1.port()), "127.0.0.1", "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith("127.0.0.1 " + sshd1.port());
    }

    @Test
    void eachHopChecksItsOwnHostKey() throws IOException {
        Path onlyTarget = dir.resolve("known_hosts_target_only");
        Files.writeString(onlyTarget, sshd2.knownHostsLine());
        var r = run(ssh("-o", "UserKnownHostsFile=" + onlyTarget, "-J", "127.0.0.1:" + sshd1.port(),
                "-p", String.valueOf(sshd2.port()), "127.0.0.1", "true"));
        // The jump hop reads ssh_config without the command line's -o, so it still trusts sshd1; the
        // target is checked against the -o file, which knows sshd2: this one succeeds.
        assertThat(r.exitCode()).as(r.describe()).isZero();
        var bad = run(ssh("-o", "UserKnownHostsFile=" + onlyTarget, "-J", "127.0.0.1:" + sshd2.port(),
                "-p", String.valueOf(sshd1.port()), "127.0.0.1", "true"));
        assertThat(bad.exitCode()).isEqualTo(255);
        assertThat(bad.stderrText()).contains("Host key verification failed.");
    }

    @Test
    void proxyCommandWithOpenSshStdioForward() {
        var r = run(ssh("-o", "ProxyCommand=ssh -F " + cfg + " -p " + sshd1.port() + " -W %h:%p 127.0.0.1",
                "-p", String.valueOf(sshd2.port()), "127.0.0.1", "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith(" " + sshd2.port());
    }

    @Test
    void proxyCommandRunsSeashellSshdInInetdMode() throws IOException {
        Path hk = dir.resolve("inetd_host_ed25519");
        PrivateKeyFiles.write(hk, inetdHostKey, null, 16);
        Path ak = dir.resolve("inetd_authorized_keys");
        Files.writeString(ak, key.publicLine() + "\n");
        Files.setPosixFilePermissions(ak, PosixFilePermissions.fromString("rw-------"));
        Path sshdConfig = dir.resolve("inetd_sshd_config");
        Files.writeString(sshdConfig, "HostKey " + hk + "\nAuthorizedKeysFile " + ak + "\n");
        String launcher = String.join(" ", java("sshd", "-i", "-f", sshdConfig.toString()));
        var r = run(ssh("-o", "ProxyCommand=" + launcher, "inetd-host", "echo inetd:%s".formatted("$USER")));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("inetd:" + System.getProperty("user.name") + "\n");
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

    @Test
    void remoteForwardWithoutTargetIsASocksProxy() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // test ends
                }
            });
            Process p = new ProcessBuilder(ssh("-N", "-p", String.valueOf(sshd1.port()), "-R", "0", "127.0.0.1"))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                int allocated = -1;
                String line;
                while ((line = lines.readLine()) != null) { // bounded by the finally's kill
                    Matcher m = Pattern.compile("^Allocated port (\\d+) for remote forward").matcher(line);
                    if (m.find()) {
                        allocated = Integer.parseInt(m.group(1));
                        break;
                    }
                }
                assertThat(allocated).isPositive();
                try (Socket s = new Socket("127.0.0.1", allocated)) {
                    s.setSoTimeout(20_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write(new byte[] {5, 1, 0});
                    assertThat(in.readNBytes(2)).containsExactly(5, 0);
                    int port = echo.getLocalPort();
                    out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
                    assertThat(in.readNBytes(10)[1]).isEqualTo((byte) 0);
                    out.write("socks through the client".getBytes(StandardCharsets.UTF_8));
                    s.shutdownOutput();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("socks through the client");
                }
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }
}

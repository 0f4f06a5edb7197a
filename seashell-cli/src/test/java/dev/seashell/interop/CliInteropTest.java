package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code seashell} command line in a child JVM ({@code dev.seashell.cli.Main}), against OpenSSH:
 * {@code seashell ssh} to a real sshd (exit status, stdin, -F config, and OpenSSH's exact error
 * messages and exit 255 for refused connections, unknown or changed host keys, rejected keys), and
 * {@code seashell sshd -D -e -f} reached by OpenSSH's ssh.
 */
class CliInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static Path userKey;

    @BeforeAll
    static void startServer() {
        OpenSsh.assumeSshd();
        OpenSsh.assumeSsh();
        userKey = dir.resolve("id_ed25519");
        OpenSsh.keygen("ed25519", 0, userKey, "cli-user");
        sshd = OpenSshServer.builder()
                .hostKeyTypes("ed25519")
                .authorizedKey(read(OpenSsh.publicKeyFile(userKey)).strip())
                .config("LogLevel DEBUG1", "PasswordAuthentication no", "KbdInteractiveAuthentication no")
                .start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ProcessRunner.Result seashell(byte[] stdin, String... args) {
        return ProcessRunner.command(Interop.seashell(args)).stdin(stdin).timeout(TIMEOUT).run();
    }

    private static ProcessRunner.Result seashell(String... args) {
        return seashell(new byte[0], args);
    }

    /** OpenSSH's log lines on stderr end in CRLF (log.c); Seashell prints LF. Compare the text only. */
    private static String lf(String text) {
        return text.replace("\r\n", "\n");
    }

    /** The same ssh command line run by OpenSSH's ssh (the leading "ssh" replaced by its path). */
    private static ProcessRunner.Result openSsh(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(args));
        cmd.set(0, OpenSsh.SSH.toString());
        return ProcessRunner.command(cmd).timeout(TIMEOUT).run();
    }

    /** ssh options isolating a run from ~/.ssh, trusting {@code knownHosts}, with {@code key}. */
    private static String[] sshArgs(int port, Path knownHosts, Path key, String... rest) {
        List<String> a = new java.util.ArrayList<>(List.of("ssh", "-F", "/dev/null", "-p", Integer.toString(port), "-l", Interop.USER,
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "IdentitiesOnly=yes", "-i", key.toString(), Interop.HOST));
        a.addAll(List.of(rest));
        return a.toArray(String[]::new);
    }

    @Test
    void versionGoesToStderr() {
        ProcessRunner.Result r = seashell("ssh", "-V");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEmpty();
        assertThat(r.stderrText().lines().toList()).as(r.describe()).singleElement().asString().startsWith(TransportConfig.SOFTWARE_VERSION);
    }

    @Test
    void configFileExitStatusAndStdin() throws IOException {
        Path knownHosts = Interop.write(dir.resolve("known_hosts_good"), sshd.knownHostsLine());
        Path config = Interop.write(dir.resolve("ssh_config"), """
                Host target
                    HostName 127.0.0.1
                    Port %d
                    User %s
                    IdentityFile %s
                    IdentitiesOnly yes
                    UserKnownHostsFile %s
                    GlobalKnownHostsFile /dev/null
                    StrictHostKeyChecking yes
                    BatchMode yes
                """.formatted(sshd.port(), Interop.USER, userKey, knownHosts));
        ProcessRunner.Result exit = seashell("ssh", "-F", config.toString(), "target", "exit 3");
        assertThat(exit.exitCode()).as(exit.describe()).isEqualTo(3);

        byte[] input = new byte[300_000];
        new Random(1).nextBytes(input);
        ProcessRunner.Result cat = seashell(input, "ssh", "-F", config.toString(), "target", "cat");
        assertThat(cat.exitCode()).as(cat.describe()).isZero();
        assertThat(cat.stdout()).as("cat echoes stdin byte for byte").isEqualTo(input);
    }

    @Test
    void connectionRefused() {
        int port = FreePort.pick();
        ProcessRunner.Result r = seashell(sshArgs(port, Path.of("/dev/null"), userKey, "true"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).isEqualTo("ssh: connect to host 127.0.0.1 port " + port + ": Connection refused\n");
        assertThat(r.stderrText()).as("same as OpenSSH").isEqualTo(lf(openSsh(sshArgs(port, Path.of("/dev/null"), userKey, "true")).stderrText()));
    }

    @Test
    void unknownHostKeyWithStrictChecking() throws IOException {
        Path empty = Interop.write(dir.resolve("known_hosts_empty"), "");
        ProcessRunner.Result r = seashell(sshArgs(sshd.port(), empty, userKey, "true"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).as(r.describe())
                .contains("No ED25519 host key is known for [127.0.0.1]:" + sshd.port() + " and you have requested strict checking.")
                .contains("Host key verification failed.");
        assertThat(read(empty)).as("strict checking must not learn the key").isEmpty();
        assertThat(r.stderrText()).as("same as OpenSSH").isEqualTo(lf(openSsh(sshArgs(sshd.port(), empty, userKey, "true")).stderrText()));
    }

    @Test
    void changedHostKey() {
        String impostor = Interop.knownHosts(sshd.port(), List.of(KeyGen.generate("ed25519", 0, "impostor")));
        Path knownHosts = Interop.write(dir.resolve("known_hosts_changed"), impostor);
        ProcessRunner.Result r = seashell(sshArgs(sshd.port(), knownHosts, userKey, "true"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).as(r.describe()).contains("REMOTE HOST IDENTIFICATION HAS CHANGED").contains("Host key verification failed.");
        assertThat(read(knownHosts)).isEqualTo(impostor);
        assertThat(r.stderrText()).as("same as OpenSSH").isEqualTo(lf(openSsh(sshArgs(sshd.port(), knownHosts, userKey, "true")).stderrText()));
    }

    @Test
    void rejectedUserKey() {
        Path stranger = dir.resolve("id_stranger");
        OpenSsh.keygen("ed25519", 0, stranger, "stranger");
        Path knownHosts = Interop.write(dir.resolve("known_hosts_for_stranger"), sshd.knownHostsLine());
        ProcessRunner.Result r = seashell(sshArgs(sshd.port(), knownHosts, stranger, "true"));
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).as(r.describe()).contains(Interop.USER + "@127.0.0.1: Permission denied (publickey).");
        ProcessRunner.Result theirs = openSsh(sshArgs(sshd.port(), knownHosts, stranger, "true"));
        assertThat(r.stderrText()).as("same as OpenSSH").isEqualTo(lf(theirs.stderrText()));
        assertThat(theirs.exitCode()).isEqualTo(255);
    }

    @Test
    void seashellSshdServesOpenSshClient() throws Exception {
        Path sshdDir = Files.createDirectory(dir.resolve("seashell-sshd"));
        StringBuilder known = new StringBuilder();
        int port = FreePort.pick();
        StringBuilder config = new StringBuilder("Port " + port + "\nListenAddress 127.0.0.1\n");
        for (String[] t : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"rsa", "3072"}}) {
            Path key = Interop.userKeyFile(t[0], Integer.parseInt(t[1]));
            config.append("HostKey ").append(key).append('\n');
            String[] pub = read(OpenSsh.publicKeyFile(key)).split(" ");
            known.append("[127.0.0.1]:").append(port).append(' ').append(pub[0]).append(' ').append(pub[1]).append('\n');
        }
        Path authorized = Interop.write(sshdDir.resolve("authorized_keys"), read(OpenSsh.publicKeyFile(userKey)));
        Path pidFile = sshdDir.resolve("sshd.pid");
        config.append("AuthorizedKeysFile ").append(authorized).append('\n').append("PidFile ").append(pidFile).append('\n');
        Path configFile = Interop.write(sshdDir.resolve("sshd_config"), config.toString());

        try (SshdCertFixture.Server server = SshdCertFixture.launch(port, configFile)) {
            assertThat(server.log().toString()).contains("Server listening on 127.0.0.1 port " + port + ".");
            ProcessRunner.Result r = OpenSshClient.to(port).knownHosts(known.toString()).identity(userKey).timeout(TIMEOUT).run("exit 7");
            assertThat(r.exitCode()).as(r.describe() + "\nseashell sshd log:\n" + server.log()).isEqualTo(7);
            // Like OpenSSH, the pid file is written just after the sockets are bound: allow it a bounded moment.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(read(pidFile).strip()).isEqualTo(Long.toString(server.process().pid()));
        }
    }

    @Test
    void sshdConfigTestRejectsBadKeyword() {
        Path key = dir.resolve("ssh_host_test_key");
        OpenSsh.keygen("ed25519", 0, key, "host");
        Path config = Interop.write(dir.resolve("sshd_config_bad"), "Port 2222\nHostKey " + key + "\nNoSuchKeyword yes\n");
        ProcessRunner.Result r = seashell("sshd", "-t", "-f", config.toString());
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(r.stderrText()).as(r.describe()).contains("Bad configuration option").contains("NoSuchKeyword");

        Path good = Interop.write(dir.resolve("sshd_config_good"), "Port 2222\nHostKey " + key + "\n");
        ProcessRunner.Result ok = seashell("sshd", "-t", "-f", good.toString());
        assertThat(ok.exitCode()).as(ok.describe()).isZero();
    }
}

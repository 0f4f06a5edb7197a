package dev.seashell.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the real OpenSSH pair works on this machine through the fixtures, as root or as an ordinary user. */
class OpenSshFixturesTest {
    private static OpenSshClient.UserKey key;
    private static OpenSshServer sshd;

    @BeforeAll
    static void startServer() {
        OpenSsh.assumeSshd();
        OpenSsh.assumeSsh();
        key = OpenSshClient.newUserKey();
        sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static OpenSshClient client() {
        return OpenSshClient.to(sshd).user(System.getProperty("user.name")).identity(key).timeout(Duration.ofSeconds(20));
    }

    @Test
    void remoteExitStatusPropagates() {
        ProcessRunner.Result r = client().run("exit 7");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(7);
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void remoteOutputArrives() {
        ProcessRunner.Result r = client().run("echo hello");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("hello\n");
    }

    @Test
    void stdinReachesRemoteCommand() {
        ProcessRunner.Result r = client().stdin("ping\n").run("cat");
        assertThat(r.stdoutText()).as(r.describe()).isEqualTo("ping\n");
    }

    @Test
    void unknownHostKeyIsRejected() {
        ProcessRunner.Result r = OpenSshClient.to(sshd.port()).identity(key).timeout(Duration.ofSeconds(20)).run("true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Host key verification failed");
    }

    @Test
    void unauthorizedKeyIsRejected() {
        OpenSshClient.UserKey stranger = OpenSshClient.newUserKey();
        ProcessRunner.Result r = client().identity(stranger).run("true");
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied");
    }

    @Test
    void serverExposesHostKeysAndDebugLog() {
        assertThat(sshd.hostKeyPublicLines()).hasSize(3)
                .anySatisfy(l -> assertThat(l).startsWith("ssh-ed25519 "))
                .anySatisfy(l -> assertThat(l).startsWith("ecdsa-sha2-nistp256 "))
                .anySatisfy(l -> assertThat(l).startsWith("ssh-rsa "));
        assertThat(sshd.knownHostsLine().lines()).allMatch(l -> l.startsWith("[127.0.0.1]:" + sshd.port() + " "));
        assertThat(sshd.port()).isNotEqualTo(22);
        assertThat(sshd.log()).contains("Server listening on 127.0.0.1 port " + sshd.port());
        assertThat(sshd.log()).contains("debug3:");
    }

    @Test
    void extraConfigIsApplied() {
        try (OpenSshServer restricted = OpenSshServer.builder()
                .authorizedKey(key.publicLine())
                .hostKeyTypes("ed25519")
                .config("KexAlgorithms curve25519-sha256", "LogLevel DEBUG1")
                .start()) {
            ProcessRunner.Result bad = OpenSshClient.to(restricted).identity(key).option("KexAlgorithms=diffie-hellman-group14-sha256").run("true");
            assertThat(bad.exitCode()).as(bad.describe()).isEqualTo(255);
            assertThat(bad.stderrText()).contains("no matching key exchange method");
            ProcessRunner.Result good = OpenSshClient.to(restricted).identity(key).run("echo ok");
            assertThat(good.stdoutText()).as(good.describe()).isEqualTo("ok\n");
            assertThat(restricted.log()).doesNotContain("debug3:");
        }
    }

    @Test
    void closeStopsServerAndRemovesTempDir() {
        OpenSshServer temp = OpenSshServer.builder().hostKeyTypes("ed25519").start();
        temp.close();
        assertThat(temp.isAlive()).isFalse();
        assertThat(Files.exists(temp.directory())).isFalse();
        assertThat(temp.log()).contains("Server listening");
    }

    @Test
    void processRunnerKillsOnTimeout() {
        ProcessRunner.Result r = ProcessRunner.command("sh", "-c", "sleep 30 & wait").timeout(Duration.ofMillis(300)).run();
        assertThat(r.timedOut()).isTrue();
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void versionIsOpenSsh() {
        assertThat(OpenSsh.version()).startsWith("OpenSSH_");
        assertThat(OpenSsh.atLeast(1, 0)).isTrue();
        assertThat(OpenSsh.atLeast(99, 0)).isFalse();
    }

    @Test
    void freePortIsBindable() throws Exception {
        int port = FreePort.pick();
        assertThat(port).isBetween(1024, 65535);
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}

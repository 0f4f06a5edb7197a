package dev.seashell.cli.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh -M/-S/-O and ControlMaster/ControlPersist, against OpenSSH's ssh and itself, in child JVMs (stdio fds are passed). */
class MuxCliTest {
    private static final Pattern MASTER_PID = Pattern.compile("Master running \\(pid=(\\d+)\\)");
    static OpenSshClient.UserKey key;
    static OpenSshServer sshd;
    static Path knownHosts;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        key = OpenSshClient.newUserKey();
        sshd = OpenSshServer.builder().hostKeyTypes("ed25519").authorizedKey(key.publicLine()).start();
        knownHosts = Files.createTempFile("mux-known", "");
        Files.writeString(knownHosts, sshd.knownHostsLine());
    }

    @AfterAll
    static void stop() throws IOException {
        if (sshd != null) sshd.close();
        if (knownHosts != null) Files.deleteIfExists(knownHosts);
    }

    /** seashell ssh's command line in a child JVM, with this test's key and known_hosts. */
    static List<String> seashell(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main", "ssh",
                "-F", "/dev/null", "-p", String.valueOf(sshd.port()), "-i", key.privateKey().toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "KexAlgorithms=curve25519-sha256"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static ProcessRunner.Result run(List<String> cmd, String stdin) {
        return ProcessRunner.command(cmd).stdin(stdin).timeout(Duration.ofSeconds(60)).run();
    }

    static OpenSshClient openSsh(Path sock, String... args) {
        return OpenSshClient.to(sshd).identity(key).args("-S", sock.toString()).args(args).timeout(Duration.ofSeconds(30));
    }

    static ProcessRunner.Result ssh(Path sock, String... args) {
        return openSsh(sock, args).run();
    }

    static int logins() {
        return sshd.log().split("Accepted publickey", -1).length - 1;
    }

    static long masterPid(ProcessRunner.Result check) {
        Matcher m = MASTER_PID.matcher(check.stderrText());
        assertThat(m.find()).as(check.describe()).isTrue();
        return Long.parseLong(m.group(1));
    }

    static void awaitExit(long pid, Duration d) throws Exception {
        var h = ProcessHandle.of(pid);
        if (h.isPresent()) h.get().onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** seashell ssh -O proxy: the session over the master's socket in proxy mode, stdin and exit status relayed. */
    private static void assertProxy(Path sock) {
        ProcessRunner.Result proxied = run(seashell("-S", sock.toString(), "-O", "proxy", "127.0.0.1", "cat; echo proxy-err >&2; exit 5"), "via proxy\n");
        assertThat(proxied.exitCode()).as(proxied.describe()).isEqualTo(5);
        assertThat(proxied.stdoutText()).isEqualTo("via proxy\n");
        assertThat(proxied.stderrText()).contains("proxy-err");
    }

    @Test
    void seashellClientsUseAnOpenSshMaster() throws Exception {
        OpenSsh.assumeSsh();
        Path sock = tmp.resolve("osm");
        List<String> cmd = OpenSshClient.to(sshd).identity(key).args("-M", "-S", sock.toString(), "-N").commandLine(knownHosts);
        Process master = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("m.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            awaitSocket(sock, master);
            ProcessRunner.Result check = run(seashell("-S", sock.toString(), "-O", "check", "127.0.0.1"), "");
            assertThat(masterPid(check)).isEqualTo(master.pid());

            int before = logins();
            ProcessRunner.Result r = run(seashell("-S", sock.toString(), "127.0.0.1", "echo hi; cat; exit 3"), "piped\n");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("hi\npiped\n");
            assertThat(logins()).as("no new login: the session went through the master").isEqualTo(before);
            assertProxy(sock);

            int port = FreePort.pick();
            ProcessRunner.Result fwd = run(seashell("-S", sock.toString(), "-O", "forward", "-o",
                    "LocalForward=127.0.0.1:" + port + " 127.0.0.1:" + sshd.port(), "127.0.0.1"), "");
            assertThat(fwd.exitCode()).as(fwd.describe()).isZero();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("SSH-");
            }
            ProcessRunner.Result cancel = run(seashell("-S", sock.toString(), "-O", "cancel", "-o",
                    "LocalForward=127.0.0.1:" + port + " 127.0.0.1:" + sshd.port(), "127.0.0.1"), "");
            assertThat(cancel.exitCode()).as(cancel.describe()).isZero();

            ProcessRunner.Result stdio = run(seashell("-S", sock.toString(), "-W", "127.0.0.1:" + sshd.port(), "127.0.0.1"), "");
            assertThat(stdio.exitCode()).as(stdio.describe()).isZero();
            assertThat(stdio.stdoutText()).startsWith("SSH-2.0-OpenSSH");

            ProcessRunner.Result exit = run(seashell("-S", sock.toString(), "-O", "exit", "127.0.0.1"), "");
            assertThat(exit.stderrText()).as(exit.describe()).contains("Exit request sent.");
            assertThat(master.waitFor(10, TimeUnit.SECONDS)).isTrue();
            ProcessRunner.Result gone = run(seashell("-S", sock.toString(), "-O", "check", "127.0.0.1"), "");
            assertThat(gone.exitCode()).isEqualTo(255);
            assertThat(gone.stderrText()).contains("Control socket connect(" + sock + "): No such file or directory");
        } finally {
            master.destroyForcibly();
        }
    }

    @Test
    void openSshAndSeashellClientsUseASeashellMaster() throws Exception {
        Path sock = tmp.resolve("ssm");
        ProcessRunner.Result started = run(seashell("-M", "-S", sock.toString(), "-f", "-N", "-o", "ControlPersist=yes", "127.0.0.1"), "");
        assertThat(started.exitCode()).as(started.describe()).isZero();
        assertThat(started.elapsed()).as("returns once the master listens, not when it ends").isLessThan(Duration.ofSeconds(20));
        assertThat(sock).exists();
        long pid = masterPid(ssh(sock, "-O", "check"));
        try {
            int before = logins();
            ProcessRunner.Result r = openSsh(sock).run("echo hi; exit 3");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("hi\n");
            ProcessRunner.Result own = run(seashell("-S", sock.toString(), "127.0.0.1", "echo own; exit 4"), "");
            assertThat(own.exitCode()).as(own.describe()).isEqualTo(4);
            assertThat(own.stdoutText()).isEqualTo("own\n");
            assertProxy(sock);
            ProcessRunner.Result openSshProxy = openSsh(sock, "-O", "proxy").run("echo proxied; exit 6");
            assertThat(openSshProxy.exitCode()).as(openSshProxy.describe()).isEqualTo(6);
            assertThat(openSshProxy.stdoutText()).isEqualTo("proxied\n");
            assertThat(logins()).isEqualTo(before);

            int port = FreePort.pick();
            ProcessRunner.Result fwd = run(seashell("-S", sock.toString(), "-O", "forward", "-L",
                    "127.0.0.1:" + port + ":127.0.0.1:" + sshd.port(), "127.0.0.1"), "");
            assertThat(fwd.exitCode()).as(fwd.describe()).isZero();
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("SSH-");
            }
            ProcessRunner.Result stdio = run(seashell("-S", sock.toString(), "-W", "127.0.0.1:" + sshd.port(), "127.0.0.1"), "");
            assertThat(stdio.stdoutText()).as(stdio.describe()).startsWith("SSH-2.0-OpenSSH");

            ProcessRunner.Result stop = run(seashell("-S", sock.toString(), "-O", "stop", "127.0.0.1"), "");
            assertThat(stop.stderrText()).as(stop.describe()).contains("Stop listening request sent.");
            assertThat(sock).doesNotExist();
            assertThat(ProcessHandle.of(pid)).as("stop leaves the master running").isPresent();
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void staleSocketIsReplacedByANewMaster() throws Exception {
        Path sock = tmp.resolve("stale");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock)); // closing leaves the file: a master that died
        }
        assertThat(sock).exists();
        ProcessRunner.Result r = run(seashell("-o", "ControlMaster=auto", "-S", sock.toString(), "127.0.0.1", "echo fresh"), "");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("fresh\n");
        assertThat(r.stderrText()).doesNotContain("already exists");
        assertThat(sock).as("a foreground master without ControlPersist cleans up").doesNotExist();

        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(sock));
        }
        ProcessRunner.Result m = run(seashell("-M", "-S", sock.toString(), "-f", "-N", "-o", "ControlPersist=yes", "127.0.0.1"), "");
        assertThat(m.exitCode()).as(m.describe()).isZero();
        long pid = masterPid(ssh(sock, "-O", "check"));
        ProcessRunner.Result exit = ssh(sock, "-O", "exit");
        assertThat(exit.stderrText()).contains("Exit request sent.");
        awaitExit(pid, Duration.ofSeconds(10));
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    }

    /** Readiness probe with bounded back-off: a master creates its socket once authenticated. */
    static void awaitSocket(Path sock, Process master) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long pause = 5;
        while (!Files.exists(sock)) {
            if (!master.isAlive()) throw new AssertionError("master exited with " + master.exitValue());
            if (System.nanoTime() > deadline) throw new AssertionError("no control socket after 15 s");
            master.waitFor(pause, TimeUnit.MILLISECONDS);
            pause = Math.min(pause * 2, 100);
        }
    }
}

package dev.seashell.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.client.SshClient;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PROTOCOL.mux both ways: a Seashell master with OpenSSH's ssh as client, and OpenSSH's master with Seashell's client. */
class MuxInteropTest extends MuxServerFixture {
    /**
     * ~. typed into an OpenSSH mux client on a Seashell master. sshd answers CLOSE only once the command
     * has exited, and a command that had not yet taken its terminal when the pty was released gets no
     * SIGHUP: the master must abandon the channel (as OpenSSH's does), not wait for the server.
     */
    @Test
    void tildeDotThroughASeashellMaster() throws Exception {
        Path sock = tmp.resolve("cm-escape");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            ProcessRunner.Result escaped = ssh(sock, "-tt").stdin("~?~.").run("sleep 30");
            assertThat(escaped.elapsed()).as(escaped.describe()).isLessThan(Duration.ofSeconds(10));
            assertThat(escaped.exitCode()).as(escaped.describe()).isEqualTo(255);
            assertThat(escaped.stdoutText() + escaped.stderrText()).contains("Supported escape sequences").contains("~.");
            assertThat(master.awaitNoPassengers(Duration.ofSeconds(5))).as("the passenger left the master").isTrue();
        }
    }

    @Test
    void openSshClientsUseASeashellMaster() throws IOException {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            ProcessRunner.Result check = ssh(sock, "-O", "check").run();
            assertThat(check.exitCode()).as(check.describe()).isZero();
            assertThat(check.stderrText()).contains("Master running (pid=" + ProcessHandle.current().pid() + ")");

            ProcessRunner.Result r = ssh(sock).run("echo hi; echo oops >&2; exit 3");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("hi\n");
            assertThat(r.stderrText()).contains("oops");
            assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(4)); // no waiting on leaked descriptors

            ProcessRunner.Result tty = ssh(sock, "-tt").run("stty size; tty");
            assertThat(tty.stdoutText()).as(tty.describe()).contains("24 80").contains("/dev/pts/");
            assertThat(tty.stderrText()).contains("Shared connection to 127.0.0.1 closed.");

            ProcessRunner.Result cat = ssh(sock).stdin("through the master\n").run("cat");
            assertThat(cat.stdoutText()).as(cat.describe()).isEqualTo("through the master\n");

            ProcessRunner.Result fwd = ssh(sock, "-O", "forward", "-L", "127.0.0.1:" + FreePort.pick() + ":127.0.0.1:9").run();
            assertThat(fwd.exitCode()).as(fwd.describe()).isNotZero();
            assertThat(fwd.stderrText()).contains("Port forwarding failed");

            ProcessRunner.Result stop = ssh(sock, "-O", "stop").run();
            assertThat(stop.stderrText()).as(stop.describe()).contains("Stop listening request sent");
            assertThat(sock).doesNotExist();
            assertThat(master.isTerminated()).isFalse();
        }
    }

    @Test
    void openSshForwardCancelAndStdioThroughASeashellMaster() throws Exception {
        Path sock = tmp.resolve("fwd");
        try (SshClient client = connect();
                MuxMaster master = MuxMaster.start(client, new MuxMaster.Options(sock, null, new MuxForwards(client, false, null), null))) {
            int port = FreePort.pick();
            String spec = "127.0.0.1:" + port + ":127.0.0.1:" + sshd.port();
            ProcessRunner.Result fwd = ssh(sock, "-O", "forward", "-L", spec).run();
            assertThat(fwd.exitCode()).as(fwd.describe()).isZero();
            assertThat(banner(port)).startsWith("SSH-2.0-");
            ProcessRunner.Result again = ssh(sock, "-O", "forward", "-L", spec).run();
            assertThat(again.exitCode()).as("an existing forward is not an error").isZero();

            ProcessRunner.Result remote = ssh(sock, "-O", "forward", "-R", "0:127.0.0.1:" + sshd.port()).run();
            assertThat(remote.exitCode()).as(remote.describe()).isZero();
            int allocated = Integer.parseInt(remote.stdoutText().strip());
            assertThat(banner(allocated)).as("the server listens and forwards back to us").startsWith("SSH-2.0-");

            ProcessRunner.Result cancel = ssh(sock, "-O", "cancel", "-L", spec).run();
            assertThat(cancel.exitCode()).as(cancel.describe()).isZero();
            assertThatThrownBy(() -> banner(port)).isInstanceOf(IOException.class);
            ProcessRunner.Result twice = ssh(sock, "-O", "cancel", "-L", spec).run();
            assertThat(twice.stderrText()).as(twice.describe()).contains("port not forwarded");

            ProcessRunner.Result stdio = ssh(sock, "-W", "127.0.0.1:" + sshd.port()).run();
            assertThat(stdio.exitCode()).as(stdio.describe()).isZero();
            assertThat(stdio.stdoutText()).startsWith("SSH-2.0-OpenSSH");
            assertThat(master.isTerminated()).isFalse();
        }
    }

    private static String banner(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            return new String(s.getInputStream().readNBytes(8), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void openSshExitRequestTerminatesTheMaster() throws Exception {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            ProcessRunner.Result exit = ssh(sock, "-O", "exit").run();
            assertThat(exit.stderrText()).as(exit.describe()).contains("Exit request sent");
            assertThat(master.awaitTermination(Duration.ofSeconds(5))).isTrue();
            client.awaitClose();
            assertThat(sock).doesNotExist();
        }
    }

    @Test
    void seashellClientUsesAnOpenSshMaster() throws Exception {
        OpenSsh.assumeSsh();
        Path sock = tmp.resolve("osm");
        List<String> cmd = OpenSshClient.to(sshd).identity(key).args("-M", "-S", sock.toString(), "-N").commandLine(writeKnownHosts());
        Process master = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("master.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            awaitSocket(sock, master);
            try (MuxClient c = MuxClient.connect(sock)) {
                assertThat(c.aliveCheck()).isEqualTo(master.pid());
            }
            Run run = runSession(sock, "echo hi; echo oops >&2; exit 3", "");
            assertThat(run.exit).isEqualTo(3);
            assertThat(run.out).isEqualTo("hi\n");
            assertThat(run.err).contains("oops");
            assertThat(runSession(sock, "cat", "stdin via fd\n").out).isEqualTo("stdin via fd\n");
            try (MuxClient c = MuxClient.connect(sock)) {
                MuxMessage.Forward local = new MuxMessage.Forward(MuxMessage.FWD_LOCAL, "127.0.0.1", FreePort.pick(), "127.0.0.1", sshd.port());
                assertThat(c.openForward(local)).isZero();
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", local.listenPort())) {
                    assertThat(new String(s.getInputStream().readNBytes(4), StandardCharsets.US_ASCII)).isEqualTo("SSH-");
                }
                c.closeForward(local);
                assertThatThrownBy(() -> c.closeForward(local)).isInstanceOf(MuxException.class).hasMessageContaining("not");
                MuxMessage.Forward remote = new MuxMessage.Forward(MuxMessage.FWD_REMOTE, "127.0.0.1", 0, "127.0.0.1", sshd.port());
                assertThat(c.openForward(remote)).isBetween(1, 65535);
            }
            try (MuxClient c = MuxClient.connect(sock)) {
                c.terminate();
            }
            assertThat(master.waitFor(10, TimeUnit.SECONDS)).as(Files.readString(tmp.resolve("master.log"))).isTrue();
        } finally {
            master.destroyForcibly();
        }
    }

    @Test
    void seashellClientWithSeashellMasterAndAMasterThatDies() throws Exception {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            try (MuxClient c = MuxClient.connect(sock)) {
                assertThat(c.aliveCheck()).isEqualTo(ProcessHandle.current().pid());
            }
            Run run = runSession(sock, "printf out; printf err >&2; exit 7", "");
            assertThat(run).isEqualTo(new Run(7, "out", "err"));
            assertThat(master.awaitIdle(Duration.ofMillis(100))).as("idle after the passenger left, not terminated").isFalse();

            CompletableFuture<Run> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return runSession(sock, "sleep 60", "");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, r -> Thread.ofPlatform().start(r));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (master.passengers() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(master.passengers()).isEqualTo(1);
            long t0 = System.nanoTime();
            master.terminate();
            Run cut = waiting.get(5, TimeUnit.SECONDS);
            assertThat(cut.exit).isEqualTo(255);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void askModeRefusalIsPermissionDenied() throws Exception {
        Path sock = tmp.resolve("ask");
        List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
        var options = new MuxMaster.Options(sock, null, null, p -> prompts.add(p) && false);
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, options)) {
            ProcessRunner.Result r = ssh(sock).run("echo never");
            assertThat(r.stderrText()).as(r.describe()).contains("Master refused session request: Permission denied");
            assertThat(r.stdoutText()).as("ssh falls back to a connection of its own").isEqualTo("never\n");
            ProcessRunner.Result exit = ssh(sock, "-O", "exit").run();
            assertThat(exit.stderrText()).contains("Permission denied");
            assertThat(master.isTerminated()).isFalse();
            assertThat(prompts).hasSize(2);
        }
    }

    @Test
    void staleSocketIsReplacedAndALiveOneIsNot() throws Exception {
        Path sock = tmp.resolve("cm");
        int fd = Posix.socket();
        Posix.bind(fd, sock.toString());
        Posix.close(fd);
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            try (MuxClient c = MuxClient.connect(sock)) {
                assertThat(c.aliveCheck()).isPositive();
            }
            assertThatThrownBy(() -> MuxMaster.start(client, MuxMaster.Options.of(sock))).isInstanceOf(FileAlreadyExistsException.class);
            try (MuxClient c = MuxClient.connect(sock)) {
                assertThat(c.aliveCheck()).as("the first master still owns the socket").isPositive();
            }
        }
    }

    record Run(int exit, String out, String err) {}

    /** One passenger session through the master at {@code sock}, with pipes as its stdio. */
    static Run runSession(Path sock, String command, String stdin) throws IOException {
        int[] in = Posix.pipe();
        int[] out = Posix.pipe();
        int[] err = Posix.pipe();
        try (MuxClient c = MuxClient.connect(sock)) {
            MuxClient.Session s = c.openSession(new MuxClient.SessionRequest(command, false, false, List.of()), in[0], out[1], err[1]);
            Posix.close(in[0]);
            Posix.close(out[1]);
            Posix.close(err[1]);
            byte[] data = stdin.getBytes(StandardCharsets.UTF_8);
            Posix.write(in[1], data, 0, data.length);
            Posix.close(in[1]);
            CompletableFuture<String> errText = CompletableFuture.supplyAsync(() -> drain(err[0]), r -> Thread.ofPlatform().start(r));
            String outText = drain(out[0]);
            int exit = s.awaitExit();
            return new Run(exit, outText, errText.join());
        }
    }

    private static String drain(int fd) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (FdInputStream in = new FdInputStream(fd, true)) {
            in.transferTo(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private Path writeKnownHosts() throws IOException {
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, sshd.knownHostsLine());
        return kh;
    }

    /** Readiness probe with bounded back-off: the master creates its socket once authenticated. */
    static void awaitSocket(Path sock, Process master) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long pause = 5;
        while (!Files.exists(sock)) {
            if (!master.isAlive()) throw new AssertionError("master exited with " + master.exitValue());
            if (System.nanoTime() > deadline) throw new AssertionError("no control socket after 15 s");
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 100);
        }
    }
}

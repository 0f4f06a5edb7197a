package dev.seashell.cli.mux;

import static dev.seashell.cli.mux.MuxCliTest.awaitExit;
import static dev.seashell.cli.mux.MuxCliTest.masterPid;
import static dev.seashell.cli.mux.MuxCliTest.run;
import static dev.seashell.cli.mux.MuxCliTest.seashell;
import static dev.seashell.cli.mux.MuxCliTest.ssh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ControlPersist's background master, and passengers of a master that dies. */
class MuxPersistTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        MuxCliTest.start();
    }

    @AfterAll
    static void stop() throws IOException {
        MuxCliTest.stop();
    }

    @Test
    void controlPersistStartsABackgroundMasterThatLeavesWhenIdle() throws Exception {
        // 10 s of idle time: long enough that a second client starting on a loaded machine still finds the
        // master, short enough to watch it leave.
        Path sock = tmp.resolve("cp");
        ProcessRunner.Result first = run(seashell("-o", "ControlMaster=auto", "-o", "ControlPersist=10", "-S", sock.toString(),
                "127.0.0.1", "echo first"), "");
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdoutText()).isEqualTo("first\n");
        assertThat(first.elapsed()).as("the client does not wait for the persisting master").isLessThan(Duration.ofSeconds(20));
        long pid = masterPid(run(seashell("-S", sock.toString(), "-O", "check", "127.0.0.1"), ""));
        try {
            ProcessRunner.Result second = run(seashell("-o", "ControlMaster=auto", "-o", "ControlPersist=10", "-S", sock.toString(),
                    "127.0.0.1", "echo second"), "");
            assertThat(second.stdoutText()).as(second.describe()).isEqualTo("second\n");
            assertThat(masterPid(ssh(sock, "-O", "check"))).as("the same master served both").isEqualTo(pid);
            awaitExit(pid, Duration.ofSeconds(40));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("gone after 10 s idle").isNotEqualTo(java.util.Optional.of(true));
            assertThat(sock).doesNotExist();
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void killingTheMasterEndsAWaitingClientPromptly() throws Exception {
        Path sock = tmp.resolve("kill");
        ProcessRunner.Result m = run(seashell("-M", "-S", sock.toString(), "-f", "-N", "-o", "ControlPersist=yes", "127.0.0.1"), "");
        assertThat(m.exitCode()).as(m.describe()).isZero();
        long pid = masterPid(ssh(sock, "-O", "check"));
        Process client = new ProcessBuilder(seashell("-S", sock.toString(), "127.0.0.1", "sleep 60"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(tmp.resolve("c.err").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!sleeping() && System.nanoTime() < deadline) {
                if (!client.isAlive()) break;
                client.waitFor(20, TimeUnit.MILLISECONDS);
            }
            assertThat(sleeping()).as("the remote sleep runs").isTrue();
            long t0 = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            assertThat(client.waitFor(5, TimeUnit.SECONDS)).as("client exits once its master is gone").isTrue();
            assertThat(client.exitValue()).isEqualTo(255);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        } finally {
            client.destroyForcibly();
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static boolean sleeping() {
        return ProcessHandle.of(MuxCliTest.sshd.pid()).map(h -> h.descendants()
                .anyMatch(d -> d.info().commandLine().orElse("").contains("sleep 60"))).orElse(false);
    }
}

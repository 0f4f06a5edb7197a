package dev.seashell.cli.mux;

import static dev.seashell.cli.mux.MuxCliTest.masterPid;
import static dev.seashell.cli.mux.MuxCliTest.run;
import static dev.seashell.cli.mux.MuxCliTest.seashell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.mux.MuxClient;
import dev.seashell.mux.Stdio;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (never asserts timings) issue 10's figures: a multiplexed session set up inside a
 * running client, the cold CLI through a master with the JVM start-up shown apart, a fresh
 * connection, and OpenSSH's multiplexed {@code ssh host true}. Written to target/mux-figures.txt.
 */
class MuxFiguresTest {
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
    void measure() throws Exception {
        OpenSsh.assumeSsh();
        Path osm = tmp.resolve("osm");
        List<String> cmd = OpenSshClient.to(MuxCliTest.sshd).identity(MuxCliTest.key).args("-M", "-S", osm.toString(), "-N")
                .commandLine(MuxCliTest.knownHosts);
        Process openSshMaster = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        Path ssm = tmp.resolve("ssm");
        ProcessRunner.Result started = run(seashell("-M", "-S", ssm.toString(), "-f", "-N", "-o", "ControlPersist=yes", "127.0.0.1"), "");
        assertThat(started.exitCode()).as(started.describe()).isZero();
        long seashellMaster = masterPid(MuxCliTest.ssh(ssm, "-O", "check"));
        List<String> report = new ArrayList<>();
        try {
            MuxCliTest.awaitSocket(osm, openSshMaster);
            String java = ProcessHandle.current().info().command().orElse("java");
            report.add(line("JVM start-up (seashell version)", 3, () -> timed(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main", "version"), 0)));
            report.addAll(inProcessLines("OpenSSH master", osm, 7));
            report.addAll(inProcessLines("Seashell master", ssm, 7));
            report.add(line("OpenSSH ssh -S sock host true, OpenSSH master", 3, () -> timed(MuxCliTest.openSsh(osm)
                    .commandLine(MuxCliTest.knownHosts, "true"), 0)));
            report.add(line("OpenSSH ssh -S sock host true, Seashell master", 3, () -> timed(MuxCliTest.openSsh(ssm)
                    .commandLine(MuxCliTest.knownHosts, "true"), 0)));
            report.add(line("seashell ssh -S sock host true (cold JVM), OpenSSH master", 3,
                    () -> timed(seashell("-S", osm.toString(), "127.0.0.1", "true"), 0)));
            report.add(line("seashell ssh -S sock host true (cold JVM), Seashell master", 3,
                    () -> timed(seashell("-S", ssm.toString(), "127.0.0.1", "true"), 0)));
            report.add(line("seashell ssh host true, fresh connection (cold JVM)", 3,
                    () -> timed(seashell("127.0.0.1", "true"), 0)));
            report.add(line("OpenSSH ssh host true, fresh connection", 3,
                    () -> timed(OpenSshClient.to(MuxCliTest.sshd).identity(MuxCliTest.key).option("KexAlgorithms=curve25519-sha256")
                            .commandLine(MuxCliTest.knownHosts, "true"), 0)));
        } finally {
            openSshMaster.destroy();
            ProcessHandle.of(seashellMaster).ifPresent(ProcessHandle::destroy);
        }
        String text = String.join("\n", report) + "\n";
        System.out.print(text);
        Files.writeString(Path.of("target", "mux-figures.txt"), text);
        assertThat(report).hasSize(11);
    }

    private static String line(String what, int runs, Supplier<Long> nanos) {
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) t[i] = nanos.get();
        return format(what, t);
    }

    private static String format(String what, long[] t) {
        Arrays.sort(t);
        return String.format("%-62s median %7.1f ms  min %7.1f ms  (n=%d)", what, t[t.length / 2] / 1e6, t[0] / 1e6, t.length);
    }

    /** After one warm-up: set-up to SESSION_OPENED, and the whole session to its exit, in this running JVM. */
    private static List<String> inProcessLines(String master, Path sock, int runs) {
        inProcess(sock);
        long[] setup = new long[runs];
        long[] whole = new long[runs];
        for (int i = 0; i < runs; i++) {
            long[] r = inProcess(sock);
            setup[i] = r[0];
            whole[i] = r[1];
        }
        return List.of(format("in-process mux set-up to SESSION_OPENED, " + master, setup),
                format("in-process mux session `true` to exit, " + master, whole));
    }

    private static long timed(List<String> cmd, int expectedExit) {
        ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(expectedExit);
        return r.elapsed().toNanos();
    }

    /** Connect, hello, alive check and NEW_SESSION with /dev/null as stdio; optionally to the exit message. */
    private static long[] inProcess(Path sock) {
        try {
            int devNull = Stdio.openDevNull();
            try {
                long t0 = System.nanoTime();
                try (MuxClient c = MuxClient.connect(sock)) {
                    c.aliveCheck();
                    MuxClient.Session s = c.openSession(new MuxClient.SessionRequest("true", false, false, List.of()), devNull, devNull, devNull);
                    long opened = System.nanoTime() - t0;
                    int exit = s.awaitExit();
                    assertThat(exit).isZero();
                    return new long[] {opened, System.nanoTime() - t0};
                }
            } finally {
                Stdio.close(devNull);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}

package dev.seashell.server.pty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.seashell.posix.Libc;
import dev.seashell.wire.SshFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PtyTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private static void assumeLinux() {
        assumeThat(Libc.supported()).as("Linux x86_64/aarch64 only").isTrue();
    }

    private static Map<String, String> env() {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "TERM", "xterm",
                "LC_ALL", "C");
    }

    private PtyProcess start(int cols, int rows, Map<Integer, Integer> modes, String... command)
            throws IOException {
        assumeLinux();
        PtyProcess p = PtyProcess.start(List.of(command), env(), null, cols, rows, modes);
        cleanup.add(p);
        return p;
    }

    /** Accumulates terminal output, reading with a deadline. */
    private static final class Screen {
        private final Pty pty;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
        private boolean eof;

        Screen(Pty pty) {
            this.pty = pty;
        }

        String text() {
            return seen.toString(StandardCharsets.UTF_8);
        }

        /** Reads until {@code needle} has appeared after {@code from}; returns the index after it. */
        int await(String needle, int from) throws IOException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            byte[] buf = new byte[4096];
            while (text().indexOf(needle, from) < 0) {
                long left = end - System.nanoTime();
                assertThat(left).as("waiting for %s; saw %s", needle, text()).isPositive();
                assertThat(eof).as("EOF while waiting for %s; saw %s", needle, text()).isFalse();
                int n = pty.read(buf, 0, buf.length, Duration.ofNanos(left));
                if (n < 0) {
                    eof = true;
                } else {
                    seen.write(buf, 0, n);
                }
            }
            return text().indexOf(needle, from) + needle.length();
        }

        /** Reads to end of stream; fails if it does not come within the deadline. */
        String readToEof() throws IOException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            byte[] buf = new byte[4096];
            while (!eof) {
                long left = end - System.nanoTime();
                assertThat(left).as("waiting for EOF; saw %s", text()).isPositive();
                int n = pty.read(buf, 0, buf.length, Duration.ofNanos(left));
                if (n < 0) {
                    eof = true;
                } else {
                    seen.write(buf, 0, n);
                }
            }
            return text();
        }
    }

    private static ExitStatus exit(PtyProcess p) throws InterruptedException {
        return p.waitFor(DEADLINE).orElseThrow(() -> new AssertionError("child still running"));
    }

    @Test
    void ttyPrintsTheSlavePath() throws Exception {
        PtyProcess p = start(80, 24, Map.of(), "tty");
        String out = new Screen(p.pty()).readToEof();
        assertThat(p.pty().slavePath()).startsWith("/dev/pts/");
        assertThat(out.strip()).isEqualTo(p.pty().slavePath());
        assertThat(exit(p).code()).isZero();
    }

    @Test
    void childHasThePtyAsControllingTerminal() throws Exception {
        // Opening /dev/tty fails with ENXIO in a process without a controlling terminal.
        PtyProcess p = start(80, 24, Map.of(), "sh", "-c",
                "exec 3</dev/tty && echo CTTY=$(ps -o tty= -p $$) SID=$(ps -o sid= -p $$)");
        String out = new Screen(p.pty()).readToEof();
        String pts = p.pty().slavePath().substring("/dev/".length());
        assertThat(out).contains("CTTY=" + pts);
        assertThat(out).containsPattern("SID=\\s*" + p.pid() + "\\b");
        assertThat(exit(p).code()).isZero();
    }

    @Test
    void sttySizeReflectsInitialSizeAndResize() throws Exception {
        PtyProcess p = start(100, 40, Map.of(), "sh", "-c", "stty size; read x; stty size");
        Screen screen = new Screen(p.pty());
        int after = screen.await("40 100", 0);
        p.pty().resize(132, 50, 0, 0);
        p.outputStream().write('\n');
        screen.await("50 132", after);
        assertThat(exit(p).code()).isZero();
    }

    @Test
    void appliedModesShowInSttyA() throws Exception {
        PtyProcess plain = start(80, 24, Map.of(), "stty", "-a");
        String before = new Screen(plain.pty()).readToEof();
        assertThat(before).containsPattern("(^|\\s)echo(\\s|;|$)").containsPattern("(^|\\s)icanon(\\s|$)");

        Map<Integer, Integer> modes = new LinkedHashMap<>();
        modes.put(TerminalModes.ECHO, 0);
        modes.put(TerminalModes.ICANON, 0);
        modes.put(TerminalModes.IUTF8, 1);
        modes.put(TerminalModes.VINTR, 0x18);
        modes.put(TerminalModes.TTY_OP_ISPEED, 9600);
        modes.put(TerminalModes.TTY_OP_OSPEED, 9600);
        PtyProcess p = start(80, 24, modes, "stty", "-a");
        String out = new Screen(p.pty()).readToEof();
        assertThat(out).containsPattern("(^|\\s)-echo(\\s|$)");
        assertThat(out).containsPattern("(^|\\s)-icanon(\\s|$)");
        assertThat(out).containsPattern("(^|\\s)iutf8(\\s|$)");
        assertThat(out).contains("intr = ^X;");
        assertThat(out).contains("speed 9600 baud");
        assertThat(exit(p).code()).isZero();
    }

    @Test
    void controlCInterruptsTheForegroundJobOfAnInteractiveShell() throws Exception {
        Map<String, String> env = new LinkedHashMap<>(env());
        env.put("PS1", "PROMPT> ");
        env.put("ENV", "/dev/null");
        assumeLinux();
        PtyProcess p = PtyProcess.start(List.of("sh", "-i"), env, null, 80, 24, Map.of());
        cleanup.add(p);
        Screen screen = new Screen(p.pty());
        OutputStream keys = p.outputStream();
        int at = screen.await("PROMPT> ", 0);
        // The job itself prints READY, so it is already the foreground process group (the echoed command
        // line shows RE""ADY, so "READY" only matches the job's output).
        keys.write("sh -c 'echo RE\"\"ADY; exec sleep 30'\n".getBytes(StandardCharsets.US_ASCII));
        at = screen.await("READY\r\n", at);
        keys.write(3);
        // Only answered within the deadline (10 s) if ^C ended the 30 s sleep and the shell took over.
        keys.write("echo X$((6*7))\n".getBytes(StandardCharsets.US_ASCII));
        screen.await("X42", at);
        assertThat(p.isAlive()).isTrue();
        keys.write("exit 5\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(exit(p).code()).isEqualTo(5);
    }

    @Test
    void controlCReachesATrapInTheSessionLeader() throws Exception {
        PtyProcess p = start(80, 24, Map.of(), "sh", "-c",
                "trap 'echo GOT-INT; exit 7' INT; echo READY; sleep 30 & wait");
        Screen screen = new Screen(p.pty());
        int at = screen.await("READY", 0);
        p.outputStream().write(3);
        screen.await("GOT-INT", at);
        assertThat(exit(p).code()).isEqualTo(7);
    }

    @Test
    void childExitGivesEofAndTheExitCode() throws Exception {
        PtyProcess p = start(80, 24, Map.of(), "sh", "-c", "echo bye; exit 3");
        String out = new Screen(p.pty()).readToEof();
        assertThat(out).contains("bye\r\n"); // ONLCR: the line discipline turned \n into \r\n
        ExitStatus status = exit(p);
        assertThat(status.code()).isEqualTo(3);
        assertThat(status.signal()).isEmpty();
        assertThat(p.inputStream().read()).isEqualTo(-1);
    }

    @Test
    void bulkDataFlowsBothWaysThroughTheBoundedBuffers() throws Exception {
        // Raw-ish mode so 100 kB of input is not held to canonical lines of 4 kB, and is not echoed.
        Map<Integer, Integer> raw = Map.of(TerminalModes.ICANON, 0, TerminalModes.ECHO, 0);
        PtyProcess p = start(80, 24, raw, "sh", "-c",
                "head -c 100000 | wc -c; head -c 200000 /dev/zero | tr '\\0' a; echo END");
        byte[] input = "b".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
        p.outputStream().write(input); // more than the 64 kB queue: returns only as the child reads
        String out = new Screen(p.pty()).readToEof();
        assertThat(out).containsPattern("(^|\\s)100000\\s");
        assertThat(out.chars().filter(c -> c == 'a').count()).isEqualTo(200_000);
        assertThat(out).endsWith("END\r\n");
    }

    @Test
    void unknownCommandIsReportedOnTheTerminalWith127() throws Exception {
        PtyProcess p = start(80, 24, Map.of(), "seashell-no-such-command");
        String out = new Screen(p.pty()).readToEof();
        assertThat(out).contains("seashell-no-such-command");
        assertThat(exit(p).code()).isEqualTo(127);
    }

    @Test
    void environmentAndWorkingDirectoryReachTheChild(@TempDir Path dir) throws Exception {
        assumeLinux();
        Map<String, String> env = new LinkedHashMap<>(env());
        env.put("SEASHELL_MARK", "m-41");
        PtyProcess p = PtyProcess.start(List.of("sh", "-c", "echo \"$SEASHELL_MARK $TERM $(pwd -P)\""), env,
                dir, 80, 24, Map.of());
        cleanup.add(p);
        String out = new Screen(p.pty()).readToEof();
        assertThat(out).contains("m-41 xterm " + dir.toRealPath());
    }

    @Test
    void signalIsDeliveredAndReportedAs128PlusN() throws Exception {
        PtyProcess p = start(80, 24, Map.of(), "sh", "-c", "echo UP; exec sleep 30");
        new Screen(p.pty()).await("UP", 0);
        p.signal(Signal.TERM);
        ExitStatus status = exit(p);
        assertThat(status.code()).isEqualTo(128 + 15);
        assertThat(status.sshSignal()).contains(Signal.TERM);
    }

    @Test
    void closeUnblocksAPendingRead() throws Exception {
        assumeLinux();
        Pty pty = Pty.open();
        cleanup.add(pty);
        assertThat(pty.read(new byte[16], 0, 16, Duration.ofMillis(50))).as("no output yet").isZero();
        AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                result.set(pty.inputStream().read(new byte[16]));
            } catch (IOException e) {
                result.set(-2);
            }
        });
        pty.close();
        assertThat(reader.join(DEADLINE)).isTrue();
        assertThat(result.get()).isEqualTo(-1);
        assertThatThrownBy(() -> pty.outputStream().write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> pty.resize(80, 24, 0, 0)).isInstanceOf(IOException.class);
    }

    @Test
    void decodeModesStopsAtTtyOpEnd() throws Exception {
        byte[] blob = {
            53, 0, 0, 0, 0, // ECHO off
            (byte) 128, 0, 0, 0x25, (byte) 0x80, // ISPEED 9600
            1, 0, 0, 0, 3, // VINTR ^C
            53, 0, 0, 0, 1, // ECHO again: the last value wins
            0, // TTY_OP_END
            51, 0, 0, 0, 1 // ICANON, after the end: ignored
        };
        Map<Integer, Integer> modes = Pty.decodeModes(blob);
        assertThat(modes).containsExactly(Map.entry(53, 1), Map.entry(128, 9600), Map.entry(1, 3));
    }

    @Test
    void decodeModesStopsAtUndefinedOpcodesAndRejectsTruncation() throws Exception {
        byte[] undefined = {54, 0, 0, 0, 1, (byte) 160, 51, 0, 0, 0, 1};
        assertThat(Pty.decodeModes(undefined)).containsExactly(Map.entry(54, 1));
        assertThat(Pty.decodeModes(new byte[0])).isEmpty();
        byte[] truncated = {53, 0, 0};
        assertThatThrownBy(() -> Pty.decodeModes(truncated)).isInstanceOf(SshFormatException.class);
    }
}

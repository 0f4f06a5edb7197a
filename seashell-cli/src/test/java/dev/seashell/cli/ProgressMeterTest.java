package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line against OpenSSH's progressmeter.c: units, rounding, column layout, update pacing. */
class ProgressMeterTest {
    @Test
    void sizesAsFormatSize() {
        assertThat(ProgressMeter.formatSize(0)).isEqualTo("   0  ");
        assertThat(ProgressMeter.formatSize(9999)).isEqualTo("9999  ");
        assertThat(ProgressMeter.formatSize(10_000)).isEqualTo("  10KB");
        assertThat(ProgressMeter.formatSize(10L << 20)).isEqualTo("  10MB");
        assertThat(ProgressMeter.formatSize(1L << 30)).isEqualTo("1024MB");
        assertThat(ProgressMeter.formatSize(20L << 30)).isEqualTo("  20GB");
        assertThat(ProgressMeter.formatSize(50L << 40)).isEqualTo("  50TB");
    }

    @Test
    void ratesAsFormatRate() {
        assertThat(ProgressMeter.formatRate(0)).isEqualTo("  0.0KB");
        assertThat(ProgressMeter.formatRate(1000)).isEqualTo("  1.0KB");
        assertThat(ProgressMeter.formatRate(150L << 20)).isEqualTo("150.0MB");
        assertThat(ProgressMeter.formatRate(1536L * 1024)).isEqualTo("  1.5MB");
        assertThat(ProgressMeter.formatRate(999L * 1024)).isEqualTo("999.0KB");
    }

    @Test
    void lineLayoutFillsTheTerminalWidth() {
        String done = ProgressMeter.line("file.bin", 81, 10L << 20, 10L << 20, 4L << 20, 0, 0, 2.5);
        assertThat(done).isEqualTo("\rfile.bin" + " ".repeat(37) + " 100%   10MB   4.0MB/s   00:02    ");
        assertThat(done).hasSize(80);
        String midway = ProgressMeter.line("file.bin", 81, 10L << 20, 5L << 20, 1L << 20, 5L << 20, 0, 1);
        assertThat(midway).endsWith("  50% 5120KB   1.0MB/s   00:05 ETA").hasSize(80);
        assertThat(ProgressMeter.line("f", 81, 100, 10, 0, 90, 0, 1)).endsWith("  --:-- ETA");
        assertThat(ProgressMeter.line("f", 81, 100, 10, 5, 90, 5, 1)).endsWith("- stalled -");
        assertThat(ProgressMeter.line("f", 81, 8L << 30, 1L << 30, 100_000, 7L << 30, 0, 1)).endsWith("20:52:41 ETA");
        String narrow = ProgressMeter.line("a-very-long-file-name.bin", 41, 100, 100, 100, 0, 0, 0);
        assertThat(narrow).isEqualTo("\ra-ver 100%  100     0.1KB/s   00:00    ").hasSize(40);
    }

    @Test
    void redrawsAtMostOnceASecondAndEndsAtOneHundredPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong(0);
        ProgressMeter m = new ProgressMeter(out, "x.bin", 3000, 0, 80, now::get);
        for (int i = 1; i <= 10; i++) {
            now.addAndGet(50_000_000); // 0.5 s of updates every 50 ms: no redraw yet
            m.accept(i * 10L);
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).split("\r", -1)).hasSize(2); // the initial line only
        now.addAndGet(600_000_000);
        m.accept(1000);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\r", -1);
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).contains("  33% ");
        now.addAndGet(900_000_000);
        m.accept(3000);
        m.finish();
        String all = bytes.toString(StandardCharsets.UTF_8);
        assertThat(all).endsWith("\n");
        String last = all.substring(all.lastIndexOf('\r'), all.length() - 1);
        assertThat(last).contains(" 100% ").contains("3000 ").contains("  00:02    ").hasSize(80);
    }
}

package dev.seashell.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The transfer progress line of OpenSSH's sftp and scp: name, percent, bytes so far, a smoothed
 * rate and the time left, redrawn over itself at most once a second and ended with the totals
 * (100% and the whole transfer's time and rate) and a newline. Layout and units are
 * progressmeter.c's, so scripts and eyes used to OpenSSH see the same columns.
 */
final class ProgressMeter implements LongConsumer {
    private static final String UNITS = " KMGT";
    private static final double AGE_FACTOR = 0.9;
    private static final long SECOND = 1_000_000_000L;
    private static final int STALL_TIME = 5;

    /** Makes a meter per file, or none ({@link #start} returns a no-op) when progress is not shown. */
    interface Factory {
        LongConsumer start(String name, long size, long startPosition);

        void stop(LongConsumer meter);

        Factory NONE = new Factory() {
            @Override
            public LongConsumer start(String name, long size, long startPosition) {
                return n -> { };
            }

            @Override
            public void stop(LongConsumer meter) {}
        };

        /** Meters on {@code out}, {@code columns} wide. */
        static Factory on(PrintStream out, int columns) {
            return new Factory() {
                @Override
                public LongConsumer start(String name, long size, long startPosition) {
                    return new ProgressMeter(out, name, size, startPosition, columns, System::nanoTime);
                }

                @Override
                public void stop(LongConsumer meter) {
                    if (meter instanceof ProgressMeter m) m.finish();
                }
            };
        }
    }

    private final PrintStream out;
    private final String file;
    private final long end;
    private final long startPos;
    private final int winSize;
    private final LongSupplier clock;
    private final long start;
    private long lastUpdate;
    private long curPos;
    private long counter;
    private long stalled;
    private long bytesPerSecond;

    ProgressMeter(PrintStream out, String file, long size, long startPosition, int columns, LongSupplier clock) {
        this.out = out;
        this.file = file;
        this.end = size;
        this.startPos = startPosition;
        this.counter = startPosition;
        this.winSize = Math.min(Math.max(columns, 1), 512) + 1; // progressmeter.c counts the trailing NUL
        this.clock = clock;
        this.start = this.lastUpdate = clock.getAsLong();
        refresh();
    }

    /** The transfer reached {@code position}; redraws when a second has passed since the last line. */
    @Override
    public void accept(long position) {
        counter = position;
        if (clock.getAsLong() - lastUpdate >= SECOND) refresh();
    }

    /** The final line (100% when complete, with the whole transfer's rate and time) and a newline. */
    void finish() {
        refresh();
        out.print("\n");
        out.flush();
    }

    private void refresh() {
        long now = clock.getAsLong();
        long transferred = counter - (curPos != 0 ? curPos : startPos);
        curPos = counter;
        long bytesLeft = end - curPos;
        double elapsed;
        if (bytesLeft > 0) {
            elapsed = (now - lastUpdate) / 1e9;
        } else {
            elapsed = (now - start) / 1e9;
            transferred = end - startPos; // the true average once done
            bytesPerSecond = 0;
        }
        long curSpeed = elapsed != 0 ? (long) (transferred / elapsed) : transferred;
        bytesPerSecond = bytesPerSecond != 0 ? (long) (bytesPerSecond * AGE_FACTOR + curSpeed * (1.0 - AGE_FACTOR)) : curSpeed;
        if (transferred == 0) stalled += (long) elapsed;
        else stalled = 0;
        out.print(line(file, winSize, end, curPos, bytesPerSecond, bytesLeft, stalled, elapsed));
        out.flush();
        lastUpdate = now;
    }

    /** One meter line, {@code winSize - 1} columns after its carriage return, as progressmeter.c lays it out. */
    static String line(String file, int winSize, long end, long cur, long bytesPerSecond, long bytesLeft, long stalled, double elapsed) {
        StringBuilder b = new StringBuilder("\r");
        int fileLen = winSize - 36;
        if (fileLen > 0) {
            String name = file.length() > fileLen ? file.substring(0, fileLen) : file;
            b.append(name).append(" ".repeat(fileLen - name.length()));
        }
        int percent = end == 0 || cur == end ? 100 : (int) ((float) cur / end * 100);
        b.append(String.format(" %3d%% ", percent)).append(formatSize(cur)).append(' ').append(formatRate(bytesPerSecond)).append("/s ");
        if (stalled >= STALL_TIME) {
            b.append("- stalled -");
        } else if (bytesPerSecond == 0 && bytesLeft != 0) {
            b.append("  --:-- ETA");
        } else {
            long seconds = bytesLeft > 0 ? bytesLeft / bytesPerSecond : (long) elapsed;
            long hours = seconds / 3600;
            seconds -= hours * 3600;
            long minutes = seconds / 60;
            seconds -= minutes * 60;
            b.append(hours != 0 ? String.format("%d:%02d:%02d", hours, minutes, seconds) : String.format("  %02d:%02d", minutes, seconds));
            b.append(bytesLeft > 0 ? " ETA" : "    ");
        }
        return b.length() > winSize ? b.substring(0, winSize) : b.toString(); // never wider than the terminal
    }

    /** Bytes as progressmeter.c's format_size: four digits and a unit, "B" after K and above. */
    static String formatSize(long bytes) {
        int i = 0;
        for (; bytes >= 10000 && UNITS.charAt(i) != 'T'; i++) bytes = (bytes + 512) / 1024;
        return String.format("%4d%c%s", bytes, UNITS.charAt(i), i != 0 ? "B" : " ");
    }

    /** A rate as progressmeter.c's format_rate: one decimal, at least KB. */
    static String formatRate(long bytes) {
        bytes *= 100;
        int i = 0;
        for (; bytes >= 100 * 1000 && UNITS.charAt(i) != 'T'; i++) bytes = (bytes + 512) / 1024;
        if (i == 0) {
            i++;
            bytes = (bytes + 512) / 1024;
        }
        return String.format("%3d.%1d%c%s", (bytes + 5) / 100, (bytes + 5) / 10 % 10, UNITS.charAt(i), i != 0 ? "B" : " ");
    }

    /** The terminal's width, from stty on /dev/tty; 80 when that cannot be read (progressmeter.c's default). */
    static int terminalColumns() {
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroy();
            String[] parts = s.split("\\s+");
            if (parts.length == 2 && Integer.parseInt(parts[1]) > 0) return Integer.parseInt(parts[1]);
        } catch (IOException | NumberFormatException e) {
            // no terminal to ask
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 80;
    }

    /** Whether stdout (and stdin) is a terminal, as the meter requires. */
    static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }
}

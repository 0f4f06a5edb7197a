package dev.seashell.sftp;

import java.io.InterruptedIOException;
import java.util.function.LongSupplier;

/**
 * Keeps a stream of bytes under a rate, as OpenSSH's {@code -l limit} does: bytes are counted as
 * they pass and the caller sleeps whenever the count runs ahead of the time the rate allows.
 * The account restarts after an idle second so that a pause does not buy a later burst.
 */
public final class BandwidthLimit {
    private final double bytesPerNano;
    private final LongSupplier clock;
    private long start;
    private long bytes;
    private long last;

    /** A limit in bits per second (OpenSSH's -l takes Kbit/s: multiply by 1024). */
    public BandwidthLimit(long bitsPerSecond) {
        this(bitsPerSecond, System::nanoTime);
    }

    BandwidthLimit(long bitsPerSecond, LongSupplier clock) {
        if (bitsPerSecond <= 0) throw new IllegalArgumentException("bandwidth limit must be positive");
        this.bytesPerNano = bitsPerSecond / 8.0 / 1e9;
        this.clock = clock;
        this.start = this.last = clock.getAsLong();
    }

    /** How long (ns) the caller must wait after {@code n} more bytes; 0 when within the limit. */
    synchronized long account(long n) {
        long now = clock.getAsLong();
        if (now - last > 1_000_000_000L) { // idle: start a new account
            start = now;
            bytes = 0;
        }
        bytes += n;
        last = now;
        long due = start + (long) (bytes / bytesPerNano);
        return Math.max(0, due - now);
    }

    /** Counts {@code n} bytes and sleeps as long as the rate requires. */
    public void pass(long n) throws InterruptedIOException {
        long wait = account(n);
        if (wait <= 0) return;
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // the rate itself is the point: this is pacing, not synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing to the bandwidth limit");
        }
    }
}

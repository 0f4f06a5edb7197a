package dev.seashell.connection;

import java.io.InterruptedIOException;
import java.time.Duration;

/** Deadline arithmetic for the blocking calls, all of which take a {@link Duration}. */
final class Timeouts {
    private Timeouts() {}

    /** A {@code System.nanoTime()} deadline; {@code null} means forever. */
    static long deadline(Duration timeout) {
        if (timeout == null) return Long.MAX_VALUE;
        long now = System.nanoTime();
        long n = timeout.toNanos();
        return n >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + n;
    }

    /** Nanoseconds left; throws when the deadline has passed. */
    static long remaining(long deadline, String what) throws InterruptedIOException {
        if (deadline == Long.MAX_VALUE) return Long.MAX_VALUE;
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new InterruptedIOException(what + " timed out");
        return left;
    }

    static InterruptedIOException interrupted(String what) {
        Thread.currentThread().interrupt();
        return new InterruptedIOException(what + " interrupted");
    }
}

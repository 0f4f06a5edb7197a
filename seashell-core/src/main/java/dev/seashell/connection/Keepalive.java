package dev.seashell.connection;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * ClientAliveInterval / ServerAliveInterval: when the peer has been silent for an interval, send
 * {@code keepalive@openssh.com} (want-reply, so any answer — even a failure — proves it is alive);
 * after {@code countMax} unanswered probes, give up. Its timer is one virtual thread.
 */
public final class Keepalive implements AutoCloseable {
    private final Thread thread;
    private volatile boolean closed;

    private Keepalive(MessageSink sink, LongSupplier lastReadNanos, Duration interval, int countMax, Runnable onTimeout) {
        byte[] probe = new SshWriter(40).writeByte(MessageNumbers.GLOBAL_REQUEST).writeString("keepalive@openssh.com")
                .writeBoolean(true).toByteArray();
        this.thread = Thread.ofVirtual().name("keepalive").start(() -> {
            int missed = 0;
            while (!closed) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed) return;
                if (System.nanoTime() - lastReadNanos.getAsLong() < interval.toNanos()) {
                    missed = 0;
                    continue;
                }
                if (++missed > countMax) {
                    onTimeout.run();
                    return;
                }
                try {
                    sink.send(probe.clone());
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Starts probing; an interval of zero or less starts nothing. */
    public static Keepalive start(MessageSink sink, LongSupplier lastReadNanos, Duration interval, int countMax, Runnable onTimeout) {
        if (interval == null || interval.isZero() || interval.isNegative()) return new Keepalive();
        return new Keepalive(sink, lastReadNanos, interval, countMax, onTimeout);
    }

    private Keepalive() {
        this.thread = null;
        this.closed = true;
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) thread.interrupt();
    }
}

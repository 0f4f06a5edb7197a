package dev.seashell.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of equal-size byte arrays, so that connections waking from idle reuse receive
 * buffers instead of each holding one (or allocating one per wake-up).
 */
final class BufferPool {
    private final int size;
    private final int max;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    BufferPool(int size, int max) {
        this.size = size;
        this.max = max;
    }

    /** A buffer of at least {@code need} bytes: a pooled one when that size fits, else a new one. */
    byte[] acquire(int need) {
        if (need <= size) {
            byte[] b = free.poll();
            if (b != null) {
                count.decrementAndGet();
                return b;
            }
            return new byte[size];
        }
        return new byte[need];
    }

    /** Gives a buffer back; kept only if it is of the pooled size and the pool is not full. */
    void release(byte[] b) {
        if (b.length != size) return;
        if (count.incrementAndGet() <= max) {
            free.offer(b);
        } else {
            count.decrementAndGet();
        }
    }

    /** How many buffers are waiting in the pool. */
    int pooled() {
        return count.get();
    }
}

package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KeepaliveTest {
    @Test
    void silentPeerIsProbedCountMaxTimesThenDropped() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CountDownLatch timedOut = new CountDownLatch(1);
        long silentSince = System.nanoTime();
        try (Keepalive k = Keepalive.start(p -> {
            assertThat(new String(p, 5, 21)).isEqualTo("keepalive@openssh.com");
            assertThat(p[p.length - 1]).isEqualTo((byte) 1); // want-reply
            probes.incrementAndGet();
        }, () -> silentSince, Duration.ofMillis(30), 3, timedOut::countDown)) {
            assertThat(timedOut.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(probes.get()).isEqualTo(3);
        }
    }

    @Test
    void aPeerThatTalksIsNeverProbed() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        AtomicLong lastRead = new AtomicLong(System.nanoTime());
        CountDownLatch timedOut = new CountDownLatch(1);
        try (Keepalive k = Keepalive.start(p -> probes.incrementAndGet(), lastRead::get, Duration.ofMillis(40), 1, timedOut::countDown)) {
            // The peer "sends" something every 10 ms for half a second.
            for (int i = 0; i < 50; i++) {
                lastRead.set(System.nanoTime());
                Thread.sleep(10);
            }
            assertThat(timedOut.getCount()).isEqualTo(1);
            assertThat(probes.get()).isZero();
        }
    }
}

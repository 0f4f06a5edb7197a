package dev.seashell.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pacing arithmetic of -l: how long a sender waits for the bytes it has passed. */
class BandwidthLimitTest {
    @Test
    void waitsUntilTheRateAllowsTheBytesSent() {
        AtomicLong now = new AtomicLong(1_000);
        BandwidthLimit l = new BandwidthLimit(8 * 1024 * 1024, now::get); // 1 MiB/s
        assertThat(l.account(512 * 1024)).isBetween(499_000_000L, 501_000_000L);
        now.addAndGet(500_000_000);
        assertThat(l.account(1024 * 1024)).isBetween(999_000_000L, 1_001_000_000L);
        now.addAndGet(900_000_000L); // 1.4 s in, 1.5 MiB due at 1.5 s
        assertThat(l.account(0)).isBetween(99_000_000L, 101_000_000L);
        now.addAndGet(200_000_000L);
        assertThat(l.account(0)).isZero();
    }

    @Test
    void anIdleSecondStartsANewAccount() {
        AtomicLong now = new AtomicLong(0);
        BandwidthLimit l = new BandwidthLimit(8_000, now::get); // 1000 B/s
        now.addAndGet(10_000_000_000L);
        assertThat(l.account(1000)).isBetween(999_000_000L, 1_000_000_000L); // no credit for the idle ten seconds
    }

    @Test
    void refusesANonPositiveLimit() {
        assertThatThrownBy(() -> new BandwidthLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

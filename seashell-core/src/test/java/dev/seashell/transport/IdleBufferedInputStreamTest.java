package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdleBufferedInputStreamTest {
    /** A socket-like source: data arrives in bursts; available() is what the current burst has left. */
    private static final class Bursts extends InputStream {
        private final List<byte[]> bursts;
        private int burst;
        private int pos;
        final List<byte[]> readTargets = new ArrayList<>();
        final List<Integer> availableAtRead = new ArrayList<>();

        Bursts(List<byte[]> bursts) {
            this.bursts = bursts;
        }

        @Override
        public int read() {
            throw new AssertionError("single-byte reads must not reach the socket");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            readTargets.add(b);
            availableAtRead.add(available());
            if (burst < bursts.size() && pos == bursts.get(burst).length) { // "blocks" until the next burst
                burst++;
                pos = 0;
            }
            if (burst >= bursts.size()) return -1;
            byte[] cur = bursts.get(burst);
            int n = Math.min(len, cur.length - pos);
            System.arraycopy(cur, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return burst < bursts.size() ? bursts.get(burst).length - pos : 0;
        }
    }

    @Test
    void deliversEveryByteInOrderWhateverTheReadSizes() throws IOException {
        Random r = new Random(42);
        List<byte[]> bursts = new ArrayList<>();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] b = new byte[1 + r.nextInt(i % 10 == 0 ? 200_000 : 300)];
            r.nextBytes(b);
            bursts.add(b);
            expected.writeBytes(b);
        }
        IdleBufferedInputStream in = new IdleBufferedInputStream(new Bursts(bursts), 64 * 1024);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] chunk = new byte[100_000];
        for (int i = 0; i < 1_000_000; i++) {
            int want = switch (i % 4) { case 0 -> 1; case 1 -> 16; case 2 -> 70_000; default -> 1 + r.nextInt(5000); };
            if (want == 1) {
                int b = in.read();
                if (b < 0) break;
                got.write(b);
                continue;
            }
            int n = in.read(chunk, 0, want);
            if (n < 0) break;
            assertThat(n).isPositive().isLessThanOrEqualTo(want);
            got.write(chunk, 0, n);
        }
        assertThat(got.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void blocksWithoutABufferWhenNothingIsReady() throws IOException {
        byte[] packet = new byte[100];
        Arrays.fill(packet, (byte) 7);
        Bursts source = new Bursts(List.of(packet, packet));
        IdleBufferedInputStream in = new IdleBufferedInputStream(source, 64 * 1024);
        byte[] caller = new byte[16];
        byte[] rest = new byte[84];

        assertThat(in.read(caller, 0, 16)).isEqualTo(16);    // data ready: buffered
        assertThat(in.read(rest, 0, 84)).isEqualTo(84);      // served from the buffer
        assertThat(in.read(caller, 0, 16)).isEqualTo(16);    // drained, nothing ready: straight into the caller's array

        // The first packet came in one buffered socket read; the third read found nothing ready.
        assertThat(source.readTargets).hasSize(2);
        assertThat(source.readTargets.get(0) != caller).isTrue();
        assertThat(source.readTargets.get(0).length).isEqualTo(1024);
        assertThat(source.availableAtRead.get(1)).isZero();
        assertThat(source.readTargets.get(1) == caller).isTrue();
    }

    @Test
    void keepsOneFullBufferWhileDataKeepsComing() throws IOException {
        byte[] big = new byte[1 << 20];
        Bursts source = new Bursts(List.of(big));
        IdleBufferedInputStream in = new IdleBufferedInputStream(source, 64 * 1024);
        byte[] small = new byte[16];
        for (int i = 0; i < 1000; i++) assertThat(in.read(small, 0, 16)).isEqualTo(16);
        // 16,000 bytes through 64 KiB fills: one socket read, into one buffer of the maximum size.
        assertThat(source.readTargets).hasSize(1);
        assertThat(source.readTargets.get(0).length).isEqualTo(64 * 1024);
    }
}

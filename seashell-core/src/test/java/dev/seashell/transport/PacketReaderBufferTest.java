package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.transport.cipher.PacketCiphers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The receive buffer is large while packets stream in and small while the connection waits. */
class PacketReaderBufferTest {

    /** Hands out one chunk per read; reports nothing available between chunks, like an idle socket. */
    private static final class Chunks extends InputStream {
        private final byte[][] chunks;
        private int chunk;
        private int pos;

        Chunks(byte[]... chunks) {
            this.chunks = chunks;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (chunk == chunks.length) return -1;
            int n = Math.min(len, chunks[chunk].length - pos);
            System.arraycopy(chunks[chunk], pos, b, off, n);
            pos += n;
            if (pos == chunks[chunk].length) {
                chunk++;
                pos = 0;
            }
            return n;
        }

        @Override
        public int available() {
            return pos == 0 ? 0 : chunks[chunk].length - pos;
        }
    }

    private static byte[] packets(byte[]... payloads) throws IOException {
        var out = new ByteArrayOutputStream();
        var w = new PacketWriter(out, PacketCiphers.none(), new SecureRandom());
        for (byte[] p : payloads) w.write(p, 0, p.length);
        return out.toByteArray();
    }

    @Test
    void largeWhileBusySmallWhileIdleAndBytesIntact() throws IOException {
        byte[] big = new byte[100_000];
        new Random(7).nextBytes(big);
        big[0] = 94; // a CHANNEL_DATA-like payload; the reader does not look at it
        byte[] small = {2, 1, 2, 3};
        var r = new PacketReader(new Chunks(packets(big, big), packets(small), packets(big)), PacketCiphers.none());

        assertThat(r.read()).isEqualTo(big);
        assertThat(r.bufferCapacity()).as("busy: a large buffer").isGreaterThanOrEqualTo(PacketReader.POOLED);
        assertThat(r.read()).isEqualTo(big);
        assertThat(r.read()).as("after an idle wait").isEqualTo(small);
        assertThat(r.bufferCapacity()).as("idle: the small buffer").isEqualTo(PacketReader.IDLE_BUFFER);
        assertThat(Arrays.equals(r.read(), big)).as("a large packet after idling").isTrue();
    }
}

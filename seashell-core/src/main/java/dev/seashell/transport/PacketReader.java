package dev.seashell.transport;

import dev.seashell.transport.cipher.PacketCipher;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The receiving half of the binary packet protocol (RFC 4253 §6). The length is bounded before
 * anything is allocated, and the MAC/tag is verified before any byte of the payload is looked at.
 * Used by the connection's single reader thread only.
 */
final class PacketReader {
    /** The largest packet_length accepted; OpenSSH uses 256 KiB. */
    static final int MAX_PACKET = 256 * 1024;
    /** The least a read from the stream asks for. */
    static final int READ_CHUNK = 64 * 1024;
    /** The size of the receive buffers shared through {@link #POOL}. */
    static final int POOLED = 4 * READ_CHUNK;
    static final int IDLE_BUFFER = 4 * 1024;
    /**
     * Receive buffers of idle connections, for the next connection that wakes up. A buffer is read
     * only in {@code [start, end)}, which is always filled by its current owner before use.
     */
    private static final BufferPool POOL = new BufferPool(POOLED, 32);

    private final InputStream in;
    private PacketCipher cipher;
    private Inflater inflater;
    /**
     * Received bytes not yet consumed are {@code buf[start, end)}. Reads ask for all the free space (at
     * least {@link #READ_CHUNK}), so one socket read brings in several packets when they are there:
     * fewer syscalls and fewer reader wake-ups. The stream is read only through this buffer (the
     * version exchange too, through {@link #bufferedStream()}).
     */
    private byte[] buf;
    private int start;
    private int end;
    /**
     * What {@link #buf} is while the connection is idle: with nothing buffered and nothing waiting on
     * the socket the large buffer goes back to {@link #POOL} and the blocking read uses these 4 KiB, so
     * 10,000 idle sessions do not hold 2.5 GiB of receive buffers.
     */
    private final byte[] idle = new byte[IDLE_BUFFER];
    /** Where out-of-place ciphers put the plain packet body (padding_length || payload || padding). */
    private byte[] body = new byte[0];
    private int seq;
    private long bytesSinceKex;
    private long packetsSinceKex;
    private volatile long lastReadNanos = System.nanoTime();

    PacketReader(InputStream in, PacketCipher initial) {
        this.in = in;
        this.cipher = initial;
        this.buf = idle;
    }

    void setCipher(PacketCipher next) {
        this.cipher = next;
        bytesSinceKex = 0;
        packetsSinceKex = 0;
    }

    void resetSequence() {
        seq = 0;
    }

    int sequence() {
        return seq;
    }

    void enableCompression() {
        if (inflater == null) inflater = new Inflater();
    }

    /** When the last packet arrived (System.nanoTime), for keepalives. */
    long lastReadNanos() {
        return lastReadNanos;
    }

    long bytesSinceKex() {
        return bytesSinceKex;
    }

    long packetsSinceKex() {
        return packetsSinceKex;
    }

    /** Reads, verifies and decrypts one packet; returns its payload (a fresh array). */
    byte[] read() throws IOException {
        PacketCipher c = cipher;
        int first = c.firstBlockLength();
        fill(first);
        int packetLength = c.decryptLength(seq, buf, start);
        int block = c.blockSize();
        int aligned = c.lengthExcludedFromAlignment() ? packetLength : packetLength + 4;
        if (packetLength < 5 || packetLength > MAX_PACKET || aligned % block != 0) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "Bad packet length " + Integer.toUnsignedString(packetLength));
        }
        int total = 4 + packetLength + c.tagLength();
        fill(total);
        byte[] src;
        int base; // src[base] is padding_length
        if (c.opensOutOfPlace()) {
            if (body.length < packetLength) body = new byte[Math.max(packetLength, Math.min(MAX_PACKET, 2 * body.length))];
            c.openTo(seq, buf, start, 4 + packetLength, body, 0);
            src = body;
            base = 0;
        } else {
            c.open(seq, buf, start, 4 + packetLength);
            src = buf;
            base = start + 4;
        }
        start += total;
        int padding = src[base] & 0xff;
        int payloadLength = packetLength - padding - 1;
        if (padding < 4 || payloadLength < 0) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "Bad padding length " + padding);
        }
        seq++;
        bytesSinceKex += total;
        packetsSinceKex++;
        lastReadNanos = System.nanoTime();
        if (payloadLength == 0) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "empty packet payload");
        }
        if (inflater != null) return inflate(src, base + 1, payloadLength);
        return Arrays.copyOfRange(src, base + 1, base + 1 + payloadLength);
    }

    private byte[] inflate(byte[] src, int off, int len) throws SshProtocolException {
        inflater.setInput(src, off, len);
        byte[] out = new byte[Math.max(256, len * 4)];
        int n = 0;
        try {
            while (true) {
                if (n == out.length) {
                    if (out.length >= MAX_PACKET) {
                        throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR, "decompressed packet too large");
                    }
                    out = Arrays.copyOf(out, Math.min(MAX_PACKET, out.length * 2));
                }
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got == 0 && (inflater.needsInput() || inflater.finished())) break;
            }
        } catch (DataFormatException e) {
            throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR, "bad compressed data: " + e.getMessage());
        }
        if (n == 0) throw new SshProtocolException(DisconnectReason.COMPRESSION_ERROR, "empty decompressed payload");
        return Arrays.copyOf(out, n);
    }

    /** Makes {@code buf[start, start + n)} hold received bytes, reading as much as the stream offers. */
    private void fill(int n) throws IOException {
        if (end - start >= n) return;
        if (start == end && buf != idle && in.available() == 0) {
            // Drained and nothing waiting: the next read may block for a long time, so block small.
            POOL.release(buf);
            buf = idle;
            start = 0;
            end = 0;
        }
        while (end - start < n) {
            int room = buf.length - end;
            if (buf.length - start < n || room < (buf == idle ? 1 : READ_CHUNK)) makeRoom(n);
            int k = in.read(buf, end, buf.length - end);
            if (k < 0) throw new EOFException("Connection closed by remote host");
            end += k;
        }
    }

    /** Compacts, or moves to a large buffer, so there is room for n bytes and a full-size read. */
    private void makeRoom(int n) {
        int have = end - start;
        int need = n + READ_CHUNK;
        byte[] dst = buf != idle && buf.length >= need ? buf : POOL.acquire(need);
        System.arraycopy(buf, start, dst, 0, have);
        if (dst != buf && buf != idle) POOL.release(buf);
        buf = dst;
        start = 0;
        end = have;
    }

    /** The receive buffer's size now (tests: large while busy, small while idle). */
    int bufferCapacity() {
        return buf.length;
    }

    /** The unread bytes as a stream, for the version exchange before the first packet. */
    InputStream bufferedStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (end == start) {
                    start = 0;
                    end = 0;
                    int k = in.read(buf, end, buf.length - end);
                    if (k < 0) return -1;
                    end += k;
                }
                return buf[start++] & 0xff;
            }
        };
    }

    void close() {
        if (inflater != null) inflater.end();
        // The buffer is not given back to the pool here: the reader thread may still be reading into it.
    }
}

package dev.seashell.transport;

import dev.seashell.transport.cipher.PacketCipher;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * The sending half of the binary packet protocol (RFC 4253 §6): compress, pad, seal, write. Not
 * thread-safe: {@link Transport} serialises callers.
 */
final class PacketWriter {
    private final OutputStream out;
    private final SecureRandom random;
    private PacketCipher cipher;
    private Deflater deflater;
    // Grows to the largest packet seen: starts small so an idle connection holds little.
    private byte[] buf = new byte[2 * 1024];
    private byte[] deflateBuf;
    private final byte[] padPool = new byte[4096];
    private int padPos = padPool.length;
    private int seq;
    private long bytesSinceKex;
    private long packetsSinceKex;

    PacketWriter(OutputStream out, PacketCipher initial, SecureRandom random) {
        this.out = out;
        this.cipher = initial;
        this.random = random;
    }

    void setCipher(PacketCipher next) {
        this.cipher = next;
        bytesSinceKex = 0;
        packetsSinceKex = 0;
    }

    void resetSequence() {
        seq = 0;
    }

    void enableCompression() {
        if (deflater == null) {
            deflater = new Deflater(6);
            deflateBuf = new byte[8 * 1024];
        }
    }

    long bytesSinceKex() {
        return bytesSinceKex;
    }

    long packetsSinceKex() {
        return packetsSinceKex;
    }

    void write(byte[] payload, int off, int len) throws IOException {
        if (deflater != null) {
            byte[] z = deflate(payload, off, len);
            payload = z;
            off = 0;
            len = z.length;
        }
        PacketCipher c = cipher;
        int padding = c.paddingLength(len);
        int packetLength = 1 + len + padding;
        int total = 4 + packetLength + c.tagLength();
        if (buf.length < total) buf = Arrays.copyOf(buf, Math.max(total, buf.length * 2));
        buf[0] = (byte) (packetLength >>> 24);
        buf[1] = (byte) (packetLength >>> 16);
        buf[2] = (byte) (packetLength >>> 8);
        buf[3] = (byte) packetLength;
        buf[4] = (byte) padding;
        System.arraycopy(payload, off, buf, 5, len);
        fillPadding(buf, 5 + len, padding);
        c.seal(seq, buf, 0, 4 + packetLength);
        out.write(buf, 0, total);
        out.flush();
        seq++;
        bytesSinceKex += total;
        packetsSinceKex++;
    }

    /** Random padding from a pool refilled in bulk: one SecureRandom call per ~16 packets, not per packet. */
    private void fillPadding(byte[] b, int off, int n) {
        if (padPos + n > padPool.length) {
            random.nextBytes(padPool);
            padPos = 0;
        }
        System.arraycopy(padPool, padPos, b, off, n);
        padPos += n;
    }

    private byte[] deflate(byte[] payload, int off, int len) {
        deflater.setInput(payload, off, len);
        byte[] result = new byte[len + 64];
        int n = 0;
        while (true) {
            int got = deflater.deflate(deflateBuf, 0, deflateBuf.length, Deflater.SYNC_FLUSH);
            if (n + got > result.length) result = Arrays.copyOf(result, Math.max(result.length * 2, n + got));
            System.arraycopy(deflateBuf, 0, result, n, got);
            n += got;
            if (got < deflateBuf.length) break;
        }
        return Arrays.copyOf(result, n);
    }

    void close() {
        if (deflater != null) deflater.end();
    }
}

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

    private final InputStream in;
    private PacketCipher cipher;
    private Inflater inflater;
    // Grows to the largest packet seen: starts small so an idle connection holds little.
    private byte[] buf = new byte[2 * 1024];
    private int seq;
    private long bytesSinceKex;
    private long packetsSinceKex;
    private volatile long lastReadNanos = System.nanoTime();

    PacketReader(InputStream in, PacketCipher initial) {
        this.in = in;
        this.cipher = initial;
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
        readFully(buf, 0, first);
        int packetLength = c.decryptLength(seq, buf, 0);
        int block = c.blockSize();
        int aligned = c.lengthExcludedFromAlignment() ? packetLength : packetLength + 4;
        if (packetLength < 5 || packetLength > MAX_PACKET || aligned % block != 0) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "Bad packet length " + Integer.toUnsignedString(packetLength));
        }
        int total = 4 + packetLength + c.tagLength();
        if (buf.length < total) buf = Arrays.copyOf(buf, Math.max(total, buf.length * 2));
        readFully(buf, first, total - first);
        c.open(seq, buf, 0, 4 + packetLength);
        int padding = buf[4] & 0xff;
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
        if (inflater != null) return inflate(buf, 5, payloadLength);
        return Arrays.copyOfRange(buf, 5, 5 + payloadLength);
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

    private void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) throw new EOFException("Connection closed by remote host");
            off += n;
            len -= n;
        }
    }

    void close() {
        if (inflater != null) inflater.end();
    }
}

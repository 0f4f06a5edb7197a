package dev.seashell.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;

/** Builds RFC 4251 §5 data into a growing buffer. */
public final class SshWriter {
    private byte[] buf;
    private int len;

    public SshWriter() {
        this(64);
    }

    public SshWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    public SshWriter writeByte(int b) {
        ensure(1);
        buf[len++] = (byte) b;
        return this;
    }

    public SshWriter writeBoolean(boolean b) {
        return writeByte(b ? 1 : 0);
    }

    public SshWriter writeInt(int v) {
        ensure(4);
        buf[len] = (byte) (v >>> 24);
        buf[len + 1] = (byte) (v >>> 16);
        buf[len + 2] = (byte) (v >>> 8);
        buf[len + 3] = (byte) v;
        len += 4;
        return this;
    }

    public SshWriter writeUint32(long v) {
        return writeInt((int) v);
    }

    public SshWriter writeUint64(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public SshWriter writeRaw(byte[] b) {
        return writeRaw(b, 0, b.length);
    }

    public SshWriter writeRaw(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    public SshWriter writeBytes(byte[] b) {
        return writeBytes(b, 0, b.length);
    }

    public SshWriter writeBytes(byte[] b, int off, int n) {
        writeInt(n);
        return writeRaw(b, off, n);
    }

    public SshWriter writeString(String s) {
        return writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public SshWriter writeNameList(Collection<String> names) {
        return writeString(String.join(",", names));
    }

    public SshWriter writeMpint(BigInteger v) {
        if (v.signum() == 0) return writeInt(0);
        return writeBytes(v.toByteArray());
    }

    /** Writes unsigned big-endian bytes as an mpint (RFC 4251 §5), as curve25519's shared secret is encoded. */
    public SshWriter writeMpintUnsigned(byte[] magnitude) {
        return writeMpint(new BigInteger(1, magnitude));
    }

    public int size() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** The backing array; valid bytes are [0, size()). */
    public byte[] array() {
        return buf;
    }

    public void reset() {
        len = 0;
    }
}

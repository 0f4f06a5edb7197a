package dev.seashell.wire;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads RFC 4251 §5 data types from a byte range. Every length is checked against the bytes that
 * remain before anything is allocated, so a hostile length costs nothing.
 */
public final class SshReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    public SshReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public SshReader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) throw new IllegalArgumentException("range");
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    public byte[] array() {
        return buf;
    }

    private void need(int n) throws SshFormatException {
        if (n < 0 || n > end - pos) throw new SshFormatException("truncated data: need " + n + " bytes, have " + (end - pos));
    }

    public int readByte() throws SshFormatException {
        need(1);
        return buf[pos++] & 0xff;
    }

    public boolean readBoolean() throws SshFormatException {
        return readByte() != 0;
    }

    public int readInt() throws SshFormatException {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** A uint32 as a non-negative long. */
    public long readUint32() throws SshFormatException {
        return readInt() & 0xffffffffL;
    }

    public long readUint64() throws SshFormatException {
        long hi = readUint32();
        long lo = readUint32();
        return (hi << 32) | lo;
    }

    /** Length of the next string, checked against what remains. */
    private int stringLength() throws SshFormatException {
        long len = readUint32();
        if (len > end - pos) throw new SshFormatException("string length " + len + " exceeds remaining " + (end - pos));
        return (int) len;
    }

    public byte[] readBytes() throws SshFormatException {
        int len = stringLength();
        byte[] out = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return out;
    }

    /** Skips a string and returns its offset in {@link #array()}; its length is {@code position() - offset}. */
    public int skipString() throws SshFormatException {
        int len = stringLength();
        int start = pos;
        pos += len;
        return start;
    }

    public byte[] readRaw(int n) throws SshFormatException {
        need(n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    public void skip(int n) throws SshFormatException {
        need(n);
        pos += n;
    }

    public String readString() throws SshFormatException {
        int len = stringLength();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    public List<String> readNameList() throws SshFormatException {
        String s = readString();
        List<String> names = new ArrayList<>();
        if (s.isEmpty()) return names;
        for (String n : s.split(",", -1)) {
            if (n.isEmpty()) throw new SshFormatException("empty name in name-list");
            names.add(n);
        }
        return names;
    }

    public BigInteger readMpint() throws SshFormatException {
        int len = stringLength();
        if (len > 16 * 1024 + 1) throw new SshFormatException("mpint too long: " + len);
        if (len == 0) return BigInteger.ZERO;
        BigInteger v = new BigInteger(buf, pos, len);
        pos += len;
        return v;
    }

    public byte[] readRest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** Fails if bytes remain: messages must be consumed exactly. */
    public void expectEnd() throws SshFormatException {
        if (pos != end) throw new SshFormatException((end - pos) + " trailing bytes");
    }
}

package dev.seashell.sftp;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** SFTP framing: uint32 length, then that many bytes (type byte first). Lengths are checked before allocating. */
final class SftpPackets {
    private SftpPackets() {}

    /**
     * Reads one packet body (type byte onwards), or null on a clean end of stream before a packet starts.
     *
     * @throws SshFormatException if the length is zero or above {@link SftpConstants#MAX_PACKET}
     * @throws EOFException if the stream ends inside a packet
     */
    static byte[] read(InputStream in) throws IOException {
        byte[] len = new byte[4];
        int got = in.readNBytes(len, 0, 4);
        if (got == 0) return null;
        if (got < 4) throw new EOFException("stream ended inside a packet length");
        long n = ((len[0] & 0xffL) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8) | (len[3] & 0xff);
        if (n < 1 || n > SftpConstants.MAX_PACKET) {
            throw new SshFormatException("SFTP packet length " + n + " outside 1.." + SftpConstants.MAX_PACKET);
        }
        byte[] body = new byte[(int) n];
        if (in.readNBytes(body, 0, body.length) != body.length) throw new EOFException("stream ended inside a packet");
        return body;
    }

    /**
     * Reads one packet body (type byte onwards) into {@code buf}, which must hold
     * {@link SftpConstants#MAX_PACKET} bytes; returns its length, or 0 on a clean end of stream.
     *
     * @throws SshFormatException if the length is zero or above {@link SftpConstants#MAX_PACKET}
     * @throws EOFException if the stream ends inside a packet
     */
    static int readInto(InputStream in, byte[] buf) throws IOException {
        int got = in.readNBytes(buf, 0, 4);
        if (got == 0) return 0;
        if (got < 4) throw new EOFException("stream ended inside a packet length");
        long n = ((buf[0] & 0xffL) << 24) | ((buf[1] & 0xff) << 16) | ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
        if (n < 1 || n > SftpConstants.MAX_PACKET || n > buf.length) {
            throw new SshFormatException("SFTP packet length " + n + " outside 1.." + SftpConstants.MAX_PACKET);
        }
        if (in.readNBytes(buf, 0, (int) n) != n) throw new EOFException("stream ended inside a packet");
        return (int) n;
    }

    /** A writer with four bytes reserved for the length that {@link #write} fills in. */
    static SshWriter start(int type, int capacity) {
        SshWriter w = new SshWriter(capacity + 5);
        w.writeInt(0);
        w.writeByte(type);
        return w;
    }

    /** Writes a packet begun with {@link #start}; does not flush. */
    static void write(OutputStream out, SshWriter w) throws IOException {
        byte[] buf = w.array();
        int n = w.size() - 4;
        buf[0] = (byte) (n >>> 24);
        buf[1] = (byte) (n >>> 16);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
        out.write(buf, 0, w.size());
    }
}

package dev.seashell.mux;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Frames mux messages on a stream: {@code uint32 length} then the body; lengths are bounded. */
public final class MuxCodec {
    /** OpenSSH caps mux packets at 256 KiB. */
    static final int MAX_PACKET = 256 * 1024;

    private final InputStream in;
    private final OutputStream out;

    public MuxCodec(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** Writes one message as a single write, so a message never interleaves with another. */
    public void write(MuxMessage m) throws IOException {
        SshWriter body = new SshWriter();
        body.writeInt(m.type());
        m.encodeBody(body);
        byte[] b = body.toByteArray();
        SshWriter frame = new SshWriter(b.length + 4);
        frame.writeInt(b.length).writeRaw(b);
        synchronized (out) {
            out.write(frame.toByteArray());
            out.flush();
        }
    }

    /**
     * Reads the next message.
     *
     * @throws EOFException when the peer closed the connection (also mid-packet)
     * @throws SshFormatException when the packet is malformed or too large
     */
    public MuxMessage read() throws IOException {
        int n = readLength(in);
        if (n < 4 || n > MAX_PACKET) throw new SshFormatException("bad mux packet length " + Integer.toUnsignedString(n));
        return MuxMessage.decode(readFully(in, n));
    }

    /** A big-endian uint32 (as a possibly negative int: check bounds unsigned-aware). */
    static int readLength(InputStream in) throws IOException {
        byte[] len = readFully(in, 4);
        return ((len[0] & 0xff) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8) | (len[3] & 0xff);
    }

    /** Exactly {@code n} bytes; EOFException if the peer closes first (also mid-packet). */
    static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(b, off, n - off);
            if (r < 0) throw new EOFException("mux connection closed");
            off += r;
        }
        return b;
    }
}

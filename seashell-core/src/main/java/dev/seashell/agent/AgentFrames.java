package dev.seashell.agent;

import dev.seashell.wire.SshFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Length-prefixed agent frames (uint32 length, payload), bounded by {@link AgentProtocol#MAX_FRAME}. */
final class AgentFrames {
    private AgentFrames() {}

    /** The next payload, or null on a clean end of stream before a frame starts. */
    static byte[] read(InputStream in) throws IOException {
        byte[] len = in.readNBytes(4);
        if (len.length == 0) return null;
        if (len.length < 4) throw new EOFException("agent connection closed inside a frame header");
        long n = ((len[0] & 0xffL) << 24) | ((len[1] & 0xff) << 16) | ((len[2] & 0xff) << 8) | (len[3] & 0xff);
        if (n == 0 || n > AgentProtocol.MAX_FRAME) throw new SshFormatException("agent frame length " + n + " out of range");
        byte[] payload = in.readNBytes((int) n);
        if (payload.length < n) throw new EOFException("agent connection closed inside a frame");
        return payload;
    }

    static void write(OutputStream out, byte[] payload) throws IOException {
        if (payload.length == 0 || payload.length > AgentProtocol.MAX_FRAME) {
            throw new IOException("agent frame length " + payload.length + " out of range");
        }
        int n = payload.length;
        byte[] frame = new byte[4 + n];
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(payload, 0, frame, 4, n);
        out.write(frame);
        out.flush();
    }
}

package dev.seashell.forwarding;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * A channel's stream pair seen as a {@link ByteChannel}, so the SOCKS code can read a request off an
 * SSH channel exactly as off a socket. Reads never take more than the buffer's remaining space.
 * Closing does nothing: the SSH channel's owner closes it.
 */
final class StreamByteChannel implements ByteChannel {
    private final InputStream in;
    private final OutputStream out;

    StreamByteChannel(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) return 0;
        byte[] b = new byte[dst.remaining()];
        int n = in.read(b);
        if (n > 0) dst.put(b, 0, n);
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        byte[] b = new byte[n];
        src.get(b);
        out.write(b);
        out.flush();
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // the SSH channel is closed by its owner
    }
}

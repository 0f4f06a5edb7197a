package dev.seashell.forwarding;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;

/**
 * Test-only entry to the package-private SOCKS parser, for {@code dev.seashell.fuzz.SocksFuzzTest}:
 * the client's bytes come from an array, the server's replies are counted and dropped.
 */
public final class SocksFuzzAccess {
    private SocksFuzzAccess() {}

    /** Parses one SOCKS4/4a/5 request from {@code input} and answers it; returns "host:port". */
    public static String readAndReply(byte[] input, boolean ok, int openFailureReason) throws IOException {
        ArrayChannel channel = new ArrayChannel(input);
        Socks.Request r = Socks.read(channel);
        if (r.host() == null || r.port() < 0 || r.port() > 0xffff) throw new AssertionError("bad request " + r);
        Socks.reply(channel, r, ok, openFailureReason);
        return r.host() + ":" + r.port();
    }

    /** Reads from a fixed array (then end of stream); swallows writes. */
    private static final class ArrayChannel implements ByteChannel {
        private final ByteBuffer in;

        ArrayChannel(byte[] data) {
            this.in = ByteBuffer.wrap(data);
        }

        @Override
        public int read(ByteBuffer dst) {
            if (!in.hasRemaining()) return -1;
            int n = Math.min(dst.remaining(), in.remaining());
            ByteBuffer slice = in.slice(in.position(), n);
            dst.put(slice);
            in.position(in.position() + n);
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

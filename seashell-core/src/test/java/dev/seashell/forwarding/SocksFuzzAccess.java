package dev.seashell.forwarding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Test-only entry to the package-private SOCKS parser, for {@code dev.seashell.fuzz.SocksFuzzTest}:
 * the client's bytes come from an array, the server's replies are dropped.
 */
public final class SocksFuzzAccess {
    private SocksFuzzAccess() {}

    /** Parses one SOCKS4/4a/5 request from {@code input} and answers it; returns "host:port". */
    public static String readAndReply(byte[] input, boolean ok, int openFailureReason) throws IOException {
        StreamByteChannel channel = new StreamByteChannel(new ByteArrayInputStream(input), OutputStream.nullOutputStream());
        Socks.Request r = Socks.read(channel);
        if (r.host() == null || r.port() < 0 || r.port() > 0xffff) throw new AssertionError("bad request " + r);
        Socks.reply(channel, r, ok, openFailureReason);
        return r.host() + ":" + r.port();
    }
}

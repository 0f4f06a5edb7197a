package dev.seashell.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * ssh's escape-character state machine on terminal input: the escape character is recognised only
 * right after a newline (or at the start); doubled it sends itself once; followed by any other
 * character it goes to a {@link Handler}, and an unhandled pair passes through unchanged. Used by
 * the client's own session and by a ControlMaster for its passengers (OpenSSH's
 * client_simple_escape_filter).
 */
public final class EscapeFilter {
    /** What a handled escape does to the copy. */
    public enum Outcome {
        /** Consumed; copying goes on. */
        HANDLED,
        /** Not an escape command: the escape character and this one are sent on. */
        UNKNOWN,
        /** Copying stops (~.). */
        STOP
    }

    /** Acts on escape + {@code c}; may read further input (e.g. the ~C command line) from {@code in}. */
    @FunctionalInterface
    public interface Handler {
        Outcome onEscape(int c, InputStream in) throws IOException;
    }

    private final int escape;
    private final Handler handler;
    private boolean atLineStart = true;
    private boolean sawEscape;

    public EscapeFilter(int escape, Handler handler) {
        this.escape = escape;
        this.handler = handler;
    }

    /**
     * Copies {@code in} to {@code out}, flushing after each read, until EOF (false) or a handler's
     * {@link Outcome#STOP} (true). Input before an escape command is sent before it is handled.
     * Does not close {@code out}.
     */
    public boolean copy(InputStream in, OutputStream out) throws IOException {
        Pending rest = new Pending(in);
        int n;
        while ((n = in.read(rest.buf)) >= 0) {
            rest.pos = 0;
            rest.end = n;
            ByteArrayOutputStream pass = new ByteArrayOutputStream(n + 1);
            while (rest.pos < rest.end) {
                int c = rest.buf[rest.pos++] & 0xff;
                if (sawEscape) {
                    sawEscape = false;
                    if (c != escape) {
                        flush(pass, out);
                        Outcome o = handler.onEscape(c, rest);
                        if (o == Outcome.STOP) return true;
                        if (o == Outcome.HANDLED) continue;
                        pass.write(escape);
                    }
                    pass.write(c);
                    atLineStart = false;
                    continue;
                }
                if (atLineStart && c == escape) {
                    sawEscape = true;
                    continue;
                }
                pass.write(c);
                atLineStart = c == '\r' || c == '\n';
            }
            flush(pass, out);
        }
        return false;
    }

    /** What a handler reads on: the rest of the current read, then the input itself. */
    private static final class Pending extends InputStream {
        final byte[] buf = new byte[4096];
        final InputStream in;
        int pos;
        int end;

        Pending(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return pos < end ? buf[pos++] & 0xff : in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= end) return in.read(b, off, len);
            int k = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            return k;
        }
    }

    private static void flush(ByteArrayOutputStream pass, OutputStream out) throws IOException {
        if (pass.size() == 0) return;
        out.write(pass.toByteArray());
        out.flush();
        pass.reset();
    }
}

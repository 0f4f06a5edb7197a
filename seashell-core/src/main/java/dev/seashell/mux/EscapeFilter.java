package dev.seashell.mux;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * ssh's escape sequences on a terminal passenger's input, as OpenSSH's master applies them
 * (client_simple_escape_filter): after a newline, {@code ~.} ends the session, {@code ~?} prints
 * help, {@code ~~} sends one {@code ~}.
 */
final class EscapeFilter {
    private final int escape;
    private final OutputStream messages;
    private boolean atLineStart = true;
    private boolean sawEscape;

    EscapeFilter(int escape, OutputStream messages) {
        this.escape = escape;
        this.messages = messages;
    }

    /** Copies until EOF or {@code ~.}; returns true if the session was asked to end. */
    boolean copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            ByteArrayOutputStream pass = new ByteArrayOutputStream(n + 1);
            for (int i = 0; i < n; i++) {
                int c = buf[i] & 0xff;
                if (sawEscape) {
                    sawEscape = false;
                    if (c == '.') {
                        flush(pass, out);
                        messages.write(("%c.\r\n").formatted((char) escape).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        return true;
                    }
                    if (c == '?') {
                        messages.write(help().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        continue;
                    }
                    if (c != escape) pass.write(escape);
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

    private static void flush(ByteArrayOutputStream pass, OutputStream out) throws IOException {
        if (pass.size() == 0) return;
        out.write(pass.toByteArray());
        out.flush();
    }

    private String help() {
        return ("\r\nSupported escape sequences:\r\n"
                + " %1$c.   - terminate session\r\n"
                + " %1$c?   - this message\r\n"
                + " %1$c%1$c   - send the escape character by typing it twice\r\n"
                + "(Note that escapes are only recognized immediately after newline.)\r\n").formatted((char) escape);
    }
}

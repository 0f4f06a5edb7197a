package dev.seashell.transport;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The identification strings (RFC 4253 §4.2). A client tolerates other lines before the server's
 * version (up to a bound); a server insists the first line is the version. Lines are at most 255
 * bytes with CR LF; a bare LF is tolerated as OpenSSH does.
 */
public final class VersionExchange {
    static final int MAX_LINE = 255;
    static final int MAX_PRE_LINES = 1024;

    private VersionExchange() {}

    public static String identification(String softwareVersion) {
        return "SSH-2.0-" + softwareVersion;
    }

    public static void send(OutputStream out, String identification) throws IOException {
        out.write((identification + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Reads the peer's identification line byte by byte (so no packet bytes are consumed) and returns it
     * without CR LF.
     *
     * @param allowPreamble true on the client: the server may send other lines first
     */
    public static String receive(InputStream in, boolean allowPreamble) throws IOException {
        for (int lines = 0; lines < MAX_PRE_LINES; lines++) {
            String line = readLine(in);
            if (line.startsWith("SSH-")) {
                if (line.startsWith("SSH-2.0-") || line.startsWith("SSH-1.99-")) {
                    return line;
                }
                throw new SshProtocolException(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED,
                        "Protocol major versions differ: 2 vs. " + majorOf(line));
            }
            if (!allowPreamble) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "invalid protocol identifier: " + printable(line));
            }
        }
        throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "too many lines before the version identification");
    }

    private static String readLine(InputStream in) throws IOException {
        byte[] buf = new byte[MAX_LINE + 2];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new SshProtocolException(DisconnectReason.CONNECTION_LOST, "Connection closed by remote host");
            }
            if (b == '\n') break;
            if (n == buf.length) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "identification line longer than 255 bytes");
            }
            buf[n++] = (byte) b;
        }
        if (n > 0 && buf[n - 1] == '\r') n--;
        if (n > MAX_LINE - 2) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "identification line longer than 255 bytes");
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "NUL in identification line");
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static String majorOf(String line) {
        int dash = line.indexOf('-', 4);
        return dash < 0 ? line.substring(4) : line.substring(4, dash);
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) b.append(c >= 0x20 && c < 0x7f ? c : '?');
        return b.length() > 80 ? b.substring(0, 80) : b.toString();
    }
}

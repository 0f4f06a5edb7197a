package dev.seashell.forwarding;

import dev.seashell.connection.ChannelOpenException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The server half of SOCKS: version 4 and 4a (socks4.protocol, socks4a.protocol) and version 5
 * without authentication (RFC 1928), CONNECT only. Reads exactly the request's bytes, so nothing
 * the client sends after it is lost.
 */
final class Socks {
    static final int MAX_STRING = 1024;

    /** A CONNECT request that still needs its reply. */
    record Request(int version, String host, int port) {}

    /** A request that cannot be served; the reply has already been sent. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private Socks() {}

    /** Reads the handshake up to the CONNECT request, answering protocol-level refusals itself. */
    static Request read(ByteChannel s) throws IOException {
        int version = readByte(s);
        return switch (version) {
            case 4 -> readV4(s);
            case 5 -> readV5(s);
            default -> throw new IOException("unknown SOCKS version " + version);
        };
    }

    private static Request readV4(ByteChannel s) throws IOException {
        byte[] head = readFully(s, 7); // CD, DSTPORT, DSTIP
        int port = ((head[1] & 0xff) << 8) | (head[2] & 0xff);
        readNulString(s); // USERID, ignored as OpenSSH does
        String host;
        if (head[3] == 0 && head[4] == 0 && head[5] == 0 && head[6] != 0) {
            host = readNulString(s); // 4a: the client could not resolve the name
        } else {
            host = InetAddress.getByAddress(new byte[] {head[3], head[4], head[5], head[6]}).getHostAddress();
        }
        if (head[0] != 1) {
            reply(s, new Request(4, host, port), false, 0);
            throw new Refused("SOCKS4 command " + head[0] + " not supported");
        }
        return new Request(4, host, port);
    }

    private static Request readV5(ByteChannel s) throws IOException {
        int nMethods = readByte(s);
        byte[] methods = readFully(s, nMethods);
        boolean noAuth = false;
        for (byte m : methods) noAuth |= m == 0;
        write(s, new byte[] {5, (byte) (noAuth ? 0x00 : 0xff)});
        if (!noAuth) throw new Refused("SOCKS5 client offers no acceptable method");
        byte[] head = readFully(s, 4); // VER CMD RSV ATYP
        if (head[0] != 5) throw new IOException("SOCKS5 request with version " + head[0]);
        String host = switch (head[3]) {
            case 1 -> InetAddress.getByAddress(readFully(s, 4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(readFully(s, 16)).getHostAddress();
            case 3 -> new String(readFully(s, readByte(s)), StandardCharsets.US_ASCII);
            default -> {
                write(s, v5Reply(8)); // address type not supported
                throw new Refused("SOCKS5 address type " + head[3] + " not supported");
            }
        };
        byte[] p = readFully(s, 2);
        int port = ((p[0] & 0xff) << 8) | (p[1] & 0xff);
        if (head[1] != 1) {
            write(s, v5Reply(7)); // command not supported
            throw new Refused("SOCKS5 command " + head[1] + " not supported");
        }
        return new Request(5, host, port);
    }

    /**
     * Answers a CONNECT: success, or failure with the channel's OPEN_FAILURE reason mapped to
     * SOCKS5's codes (2 not allowed, 5 connection refused, 1 general failure).
     */
    static void reply(ByteChannel s, Request r, boolean ok, int openFailureReason) throws IOException {
        if (r.version() == 4) {
            write(s, new byte[] {0, (byte) (ok ? 90 : 91), 0, 0, 0, 0, 0, 0});
            return;
        }
        int code = ok ? 0 : switch (openFailureReason) {
            case ChannelOpenException.ADMINISTRATIVELY_PROHIBITED -> 2;
            case ChannelOpenException.CONNECT_FAILED -> 5;
            default -> 1;
        };
        write(s, v5Reply(code));
    }

    /** VER REP RSV, then 0.0.0.0:0 as the bound address (it is the server's, and unknown here). */
    private static byte[] v5Reply(int code) {
        return new byte[] {5, (byte) code, 0, 1, 0, 0, 0, 0, 0, 0};
    }

    private static int readByte(ByteChannel s) throws IOException {
        return readFully(s, 1)[0] & 0xff;
    }

    private static byte[] readFully(ByteChannel s, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (s.read(b) < 0) throw new EOFException("SOCKS client closed mid-request");
        }
        return b.array();
    }

    private static String readNulString(ByteChannel s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = readByte(s)) != 0) {
            if (out.size() >= MAX_STRING) throw new IOException("SOCKS4 string too long");
            out.write(c);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static void write(ByteChannel s, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) s.write(b);
    }
}

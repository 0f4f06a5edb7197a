package dev.seashell.forwarding;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;

/**
 * The type-specific data of the forwarding channel opens and global requests (RFC 4254 §7 and
 * OpenSSH PROTOCOL §2.4). Decoders are bounded by {@link SshReader} and reject trailing bytes.
 */
final class ForwardingMessages {
    static final String DIRECT_TCPIP = "direct-tcpip";
    static final String FORWARDED_TCPIP = "forwarded-tcpip";
    static final String TCPIP_FORWARD = "tcpip-forward";
    static final String CANCEL_TCPIP_FORWARD = "cancel-tcpip-forward";
    static final String DIRECT_STREAMLOCAL = "direct-streamlocal@openssh.com";
    static final String FORWARDED_STREAMLOCAL = "forwarded-streamlocal@openssh.com";
    static final String STREAMLOCAL_FORWARD = "streamlocal-forward@openssh.com";
    static final String CANCEL_STREAMLOCAL_FORWARD = "cancel-streamlocal-forward@openssh.com";

    private ForwardingMessages() {}

    /**
     * direct-tcpip (host to connect to) and forwarded-tcpip (address that was connected): both are
     * string host, uint32 port, string originator address, uint32 originator port.
     */
    record TcpipOpen(String host, int port, String originHost, int originPort) {
        byte[] encode() {
            return new SshWriter().writeString(host).writeInt(port).writeString(originHost).writeInt(originPort).toByteArray();
        }

        static TcpipOpen decode(byte[] data) throws SshFormatException {
            SshReader r = new SshReader(data);
            TcpipOpen m = new TcpipOpen(r.readString(), toPort(r.readUint32()), r.readString(), toPort(r.readUint32()));
            r.expectEnd();
            return m;
        }
    }

    /** tcpip-forward and cancel-tcpip-forward: string address to bind, uint32 port. */
    record TcpipForward(String bindAddress, int port) {
        byte[] encode() {
            return new SshWriter().writeString(bindAddress).writeInt(port).toByteArray();
        }

        static TcpipForward decode(byte[] data) throws SshFormatException {
            SshReader r = new SshReader(data);
            TcpipForward m = new TcpipForward(r.readString(), toPort(r.readUint32()));
            r.expectEnd();
            return m;
        }
    }

    /** The optional reply to tcpip-forward with port 0: uint32 allocated port. */
    static byte[] encodePort(int port) {
        return new SshWriter().writeInt(port).toByteArray();
    }

    static int decodePort(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        int port = toPort(r.readUint32());
        r.expectEnd();
        return port;
    }

    /** direct-streamlocal: string path, string reserved, uint32 reserved. */
    static byte[] encodeDirectStreamlocal(String path) {
        return new SshWriter().writeString(path).writeString("").writeInt(0).toByteArray();
    }

    static String decodeDirectStreamlocal(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        String path = r.readString();
        r.readString();
        r.readUint32();
        r.expectEnd();
        return path;
    }

    /** forwarded-streamlocal: string path, string reserved (OpenSSH may omit the reserved string). */
    static byte[] encodeForwardedStreamlocal(String path) {
        return new SshWriter().writeString(path).writeString("").toByteArray();
    }

    static String decodeForwardedStreamlocal(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        String path = r.readString();
        if (r.remaining() > 0) r.readString();
        r.expectEnd();
        return path;
    }

    /** streamlocal-forward and its cancel: string path. */
    static byte[] encodePath(String path) {
        return new SshWriter().writeString(path).toByteArray();
    }

    static String decodePath(byte[] data) throws SshFormatException {
        SshReader r = new SshReader(data);
        String path = r.readString();
        r.expectEnd();
        return path;
    }

    private static int toPort(long v) throws SshFormatException {
        if (v > 65535) throw new SshFormatException("port out of range: " + v);
        return (int) v;
    }
}

package dev.seashell.transport;

import dev.seashell.wire.SshWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A deliberately misbehaving peer for tests: speaks the unencrypted packet framing by hand so it can
 * send what a real implementation never would.
 */
final class RawPeer implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPeer connect(int port) throws IOException {
        return new RawPeer(new Socket("127.0.0.1", port));
    }

    void sendVersion(String v) throws IOException {
        out.write((v + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    String readVersion() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') b.append((char) c);
        return b.toString().strip();
    }

    /** Frames a payload as the "none" cipher does: length, padding length, payload, padding to 8. */
    void sendPacket(byte[] payload) throws IOException {
        int padding = 8 - ((5 + payload.length) % 8);
        if (padding < 4) padding += 8;
        SshWriter w = new SshWriter().writeInt(1 + payload.length + padding).writeByte(padding).writeRaw(payload)
                .writeRaw(new byte[padding]);
        out.write(w.toByteArray());
        out.flush();
    }

    /** Reads one unencrypted packet's payload; null at EOF. */
    byte[] readPacket() throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (java.io.EOFException e) {
            return null;
        }
        if (len < 5 || len > 300_000) throw new IOException("bad length " + len);
        byte[] rest = new byte[len];
        in.readFully(rest);
        int padding = rest[0] & 0xff;
        return Arrays.copyOfRange(rest, 1, len - padding);
    }

    static byte[] kexInit(List<String> kex, List<String> hostKey) {
        List<String> ciphers = List.of("aes128-ctr");
        List<String> macs = List.of("hmac-sha2-256");
        List<String> none = List.of("none");
        return new KexInit(new byte[16], kex, hostKey, ciphers, ciphers, macs, macs, none, none, List.of(), List.of(), false).encode();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

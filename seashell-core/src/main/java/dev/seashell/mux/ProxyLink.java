package dev.seashell.mux;

import dev.seashell.connection.ConnectionConfig;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.wire.SshFormatException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * A mux connection in proxy mode (PROTOCOL.mux §9): SSH connection-protocol messages framed as
 * unencrypted, unpadded transport packets ({@code uint32 length, byte 0, payload}), carried by a
 * {@link ConnectionLayer} of its own. Messages outside the connection protocol are dropped, as
 * OpenSSH's mux does.
 */
public final class ProxyLink implements AutoCloseable {
    /** A payload cap matching the transport's (256 KiB packets plus headroom). */
    static final int MAX_PACKET = 256 * 1024 + 64;

    private final UnixSocket socket;
    private final ConnectionLayer layer;
    private final InputStream in;
    private final OutputStream out;

    private ProxyLink(UnixSocket socket, ConnectionConfig config) {
        this.socket = socket;
        this.in = socket.inputStream();
        this.out = socket.outputStream();
        this.layer = new ConnectionLayer(this::send, config);
    }

    /**
     * Frames {@code socket} (already switched by MUX_C_PROXY / MUX_S_PROXY); call {@link #start} once
     * the channel types and global requests the peer may use are registered on {@link #layer()}.
     */
    static ProxyLink over(UnixSocket socket, ConnectionConfig config) {
        return new ProxyLink(socket, config);
    }

    public ConnectionLayer layer() {
        return layer;
    }

    /** Starts the reader thread; {@code onEnd} runs once the peer has gone (or the framing broke). */
    ProxyLink start(Consumer<IOException> onEnd) {
        Thread.ofPlatform().daemon().name("mux-proxy").start(() -> {
            IOException why = null;
            try {
                while (true) layer.handle(readPacket());
            } catch (IOException e) {
                why = e;
            } finally {
                layer.transportClosed(why == null ? new EOFException("mux proxy closed") : why);
                socket.close();
                onEnd.accept(why);
            }
        });
        return this;
    }

    private byte[] readPacket() throws IOException {
        int n = MuxCodec.readLength(in);
        if (n < 2 || n > MAX_PACKET) throw new SshFormatException("bad proxy packet length " + Integer.toUnsignedString(n));
        byte[] body = MuxCodec.readFully(in, n);
        // body[0] is the padding length (0): as OpenSSH, everything after it is the payload
        byte[] payload = new byte[n - 1];
        System.arraycopy(body, 1, payload, 0, payload.length);
        return payload;
    }

    private void send(byte[] payload) throws IOException {
        int n = payload.length + 1;
        byte[] frame = new byte[n + 4];
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        System.arraycopy(payload, 0, frame, 5, payload.length);
        synchronized (out) {
            out.write(frame);
        }
    }

    @Override
    public void close() {
        layer.transportClosed(new EOFException("mux proxy closed"));
        socket.close();
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Joins a socket and an SSH channel with two virtual-thread pumps, propagating half-closes both
 * ways: socket EOF becomes channel EOF, channel EOF becomes {@code shutdownOutput}. When both
 * directions are done, or either fails, or the peer closes the channel, both ends are closed.
 */
final class Splice {
    static final int BUFFER = 64 * 1024;

    private final SocketChannel socket;
    private final Channel channel;
    private final AtomicInteger running = new AtomicInteger(2);
    private final Runnable onDone;

    private Splice(SocketChannel socket, Channel channel, Runnable onDone) {
        this.socket = socket;
        this.channel = channel;
        this.onDone = onDone;
    }

    /** Starts both pumps; {@code onDone} (may be null) runs once after both ends are closed. */
    static void start(SocketChannel socket, Channel channel, Runnable onDone) {
        noDelay(socket);
        Splice s = new Splice(socket, channel, onDone);
        Thread.ofVirtual().name("fwd-up-" + channel.localId()).start(s::socketToChannel);
        Thread.ofVirtual().name("fwd-down-" + channel.localId()).start(s::channelToSocket);
    }

    /**
     * TCP_NODELAY on a TCP socket (as OpenSSH sets on forwarded sockets): the pump writes whole
     * chunks, and with Nagle a chunk's tail below one segment waits for the previous segment's ACK,
     * which the peer may delay.
     */
    static void noDelay(SocketChannel socket) {
        try {
            if (socket.getLocalAddress() instanceof InetSocketAddress) socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException | UnsupportedOperationException e) {
            // closed meanwhile, or not TCP: nothing to tune
        }
    }

    private void socketToChannel() {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        OutputStream out = channel.outputStream();
        try {
            while (socket.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            out.close(); // EOF: the peer may still answer
            finished(false);
        } catch (IOException e) {
            finished(true);
        }
    }

    private void channelToSocket() {
        byte[] buf = new byte[BUFFER];
        InputStream in = channel.inputStream();
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) socket.write(b);
            }
            socket.shutdownOutput();
            finished(false);
        } catch (IOException e) {
            finished(true);
            return;
        }
        // A CLOSE (not just EOF) from the peer ends the socket too, as in OpenSSH, even while the
        // other pump still waits for the socket: waiting here lasts until the channel is freed.
        try {
            channel.awaitClosed(null);
        } catch (IOException e) {
            // interrupted: close anyway
        }
        closeBoth();
    }

    private void finished(boolean abort) {
        if (abort) closeBoth();
        if (running.decrementAndGet() == 0) {
            closeBoth();
            if (onDone != null) onDone.run();
        }
    }

    private void closeBoth() {
        channel.close();
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Copies until EOF on {@code in}, then closes {@code out}; used for stdio forwarding. */
    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
        out.close();
    }
}

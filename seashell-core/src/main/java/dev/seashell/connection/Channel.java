package dev.seashell.connection;

import dev.seashell.connection.ConnectionMessage.ChannelClose;
import dev.seashell.connection.ConnectionMessage.ChannelEof;
import dev.seashell.connection.ConnectionMessage.ChannelRequest;
import dev.seashell.connection.ConnectionMessage.ChannelWindowAdjust;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One open SSH channel: blocking streams with flow control, EOF/CLOSE per RFC 4254 §5.3, and
 * channel requests.
 *
 * <p>Sending is guarded so that nothing follows our CLOSE on the wire: every send registers as
 * in flight, and a close requested meanwhile is sent by the last in-flight sender instead of
 * waiting for it. Thus the reader thread never waits on an application thread.
 */
public final class Channel {
    private final ConnectionLayer layer;
    private final int localId;
    private final String type;
    private final ChannelInbound inbound;
    private final ChannelWindow remoteWindow = new ChannelWindow(0);
    private final ChannelInputStream in;
    private final ChannelInputStream err;
    private final ChannelOutputStream out;
    private final ChannelOutputStream errOut;
    private final ConcurrentLinkedQueue<CompletableFuture<Boolean>> pendingReplies = new ConcurrentLinkedQueue<>();
    private final ReentrantLock requestLock = new ReentrantLock(); // keeps reply slots in send order
    final CompletableFuture<Channel> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private volatile ChannelRequestHandler requestHandler;
    private volatile int remoteId;
    private volatile int sendPacketLimit;

    private final ReentrantLock state = new ReentrantLock();
    private final Condition closedCondition = state.newCondition();
    private int inFlight;
    private boolean eofSent;
    private boolean eofReceived;
    private boolean closeRequested;
    private boolean closeSent;
    private boolean closeReceived;
    private boolean released;

    Channel(ConnectionLayer layer, int localId, String type, ConnectionConfig config, ChannelRequestHandler handler) {
        this.layer = layer;
        this.localId = localId;
        this.type = type;
        this.inbound = new ChannelInbound(config.localWindow(), config.maxPacket());
        this.requestHandler = handler == null ? ChannelRequestHandler.REJECT_ALL : handler;
        this.in = new ChannelInputStream(this, ChannelInbound.DATA);
        this.err = new ChannelInputStream(this, ChannelInbound.EXTENDED);
        this.out = new ChannelOutputStream(this, -1);
        this.errOut = new ChannelOutputStream(this, ConnectionMessage.ChannelExtendedData.STDERR);
    }

    public int localId() {
        return localId;
    }

    public int remoteId() {
        return remoteId;
    }

    public String type() {
        return type;
    }

    /** The peer's data (a session's stdout on the client, stdin on the server). */
    public ChannelInputStream inputStream() {
        return in;
    }

    /** The peer's extended data of type 1 (stderr); other types are dropped. */
    public ChannelInputStream extendedInputStream() {
        return err;
    }

    /** Data to the peer; {@code close()} sends EOF. */
    public ChannelOutputStream outputStream() {
        return out;
    }

    /** Extended data of type 1 (stderr) to the peer. */
    public ChannelOutputStream extendedOutputStream() {
        return errOut;
    }

    /** Replaces the handler of the peer's channel requests (e.g. a session wrapper installing itself). */
    public void setRequestHandler(ChannelRequestHandler handler) {
        this.requestHandler = handler == null ? ChannelRequestHandler.REJECT_ALL : handler;
    }

    /**
     * Sends a channel request. With {@code wantReply} it waits (up to {@code timeout}) for the peer's
     * answer and returns it; without, it returns true once sent. A channel that closes first answers false.
     */
    public boolean sendRequest(String requestType, boolean wantReply, byte[] data, Duration timeout) throws IOException {
        byte[] payload = new ChannelRequest(remoteId, requestType, wantReply, data).encode();
        if (!wantReply) {
            if (!send(payload, false)) throw new IOException("channel " + localId + " is closed");
            return true;
        }
        CompletableFuture<Boolean> reply = new CompletableFuture<>();
        requestLock.lock();
        try {
            pendingReplies.add(reply);
            if (!send(payload, false)) {
                pendingReplies.remove(reply);
                throw new IOException("channel " + localId + " is closed");
            }
        } finally {
            requestLock.unlock();
        }
        if (isCloseReceived()) reply.complete(false); // raced with the peer's CLOSE
        try {
            return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InterruptedIOException(requestType + " request timed out");
        } catch (InterruptedException e) {
            throw Timeouts.interrupted(requestType + " request");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends EOF once: we send no more data, but keep receiving (a half-close). */
    public void sendEof() throws IOException {
        state.lock();
        try {
            if (eofSent || closeRequested) return;
            eofSent = true;
        } finally {
            state.unlock();
        }
        send(new ChannelEof(remoteId).encode(), false);
    }

    /**
     * Sends CLOSE once. Buffered received data stays readable; the channel is freed when the peer's
     * CLOSE has also arrived. Never waits.
     */
    public void close() {
        boolean sendNow;
        state.lock();
        try {
            if (closeRequested) return;
            closeRequested = true;
            sendNow = inFlight == 0 && !closeSent && opened.isDone();
            if (sendNow) closeSent = true;
        } finally {
            state.unlock();
        }
        remoteWindow.close(new IOException("channel " + localId + " closed"));
        if (sendNow) transmitClose();
    }

    /** Waits until both sides have closed (or the connection ended). */
    public boolean awaitClosed(Duration timeout) throws InterruptedIOException {
        long deadline = Timeouts.deadline(timeout);
        state.lock();
        try {
            while (!released) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) return false;
                if (left == Long.MAX_VALUE) closedCondition.await();
                else closedCondition.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            throw Timeouts.interrupted("awaitClosed");
        } finally {
            state.unlock();
        }
    }

    /**
     * Completes (normally) once both CLOSEs have passed or the connection has ended: lets a caller
     * react to the end without parking a thread per channel.
     */
    public CompletableFuture<Void> whenClosed() {
        return closedFuture.copy();
    }

    /** True once both CLOSEs have passed or the connection has ended. */
    public boolean isClosed() {
        state.lock();
        try {
            return released;
        } finally {
            state.unlock();
        }
    }

    /** True once the peer has sent EOF or CLOSE. */
    public boolean isEofReceived() {
        state.lock();
        try {
            return eofReceived || closeReceived;
        } finally {
            state.unlock();
        }
    }

    // ---- internals used by the streams and the layer ----

    ChannelInbound inbound() {
        return inbound;
    }

    ChannelWindow remoteWindow() {
        return remoteWindow;
    }

    int sendPacketLimit() {
        return sendPacketLimit;
    }

    /** Sends a WINDOW_ADJUST if consumption has passed the threshold. */
    void adjustWindow() {
        long n = inbound.takeAdjust();
        if (n > 0) {
            try {
                send(new ChannelWindowAdjust(remoteId, n).encode(), false);
            } catch (IOException e) {
                // the connection is failing; the layer hears about it from the transport
            }
        }
    }

    /** Hot path: builds the DATA / EXTENDED_DATA payload directly, copying the bytes once. */
    void sendData(int extendedType, byte[] b, int off, int n) throws IOException {
        int header = extendedType < 0 ? 9 : 13;
        byte[] p = new byte[header + n];
        p[0] = (byte) (extendedType < 0 ? MessageNumbers.CHANNEL_DATA : MessageNumbers.CHANNEL_EXTENDED_DATA);
        putInt(p, 1, remoteId);
        if (extendedType >= 0) putInt(p, 5, extendedType);
        putInt(p, header - 4, n);
        System.arraycopy(b, off, p, header, n);
        if (!send(p, true)) throw new IOException("channel " + localId + " no longer accepts data");
    }

    private static void putInt(byte[] p, int at, int v) {
        p[at] = (byte) (v >>> 24);
        p[at + 1] = (byte) (v >>> 16);
        p[at + 2] = (byte) (v >>> 8);
        p[at + 3] = (byte) v;
    }

    /** Sends unless CLOSE was requested (or, for data, EOF sent); returns whether it was sent. */
    private boolean send(byte[] payload, boolean isData) throws IOException {
        state.lock();
        try {
            if (closeRequested || closeSent || released || (isData && eofSent)) return false;
            inFlight++;
        } finally {
            state.unlock();
        }
        try {
            layer.sink().send(payload);
            return true;
        } finally {
            endSend();
        }
    }

    private void endSend() {
        boolean sendClose;
        state.lock();
        try {
            inFlight--;
            sendClose = inFlight == 0 && closeRequested && !closeSent && opened.isDone();
            if (sendClose) closeSent = true;
        } finally {
            state.unlock();
        }
        if (sendClose) transmitClose();
    }

    private void transmitClose() {
        try {
            layer.sink().send(new ChannelClose(remoteId).encode());
        } catch (IOException e) {
            // the transport is going down and will call transportClosed
        }
        boolean free;
        state.lock();
        try {
            free = closeReceived;
        } finally {
            state.unlock();
        }
        if (free) release(null);
    }

    private boolean isCloseReceived() {
        state.lock();
        try {
            return closeReceived;
        } finally {
            state.unlock();
        }
    }

    /** Our open was confirmed (reader thread), or we accepted the peer's open. */
    void confirmed(int remoteId, long window, long maxPacket, int ourMaxPacket) throws SshProtocolException {
        this.remoteId = remoteId;
        this.sendPacketLimit = (int) Math.max(1, Math.min(maxPacket, ourMaxPacket));
        remoteWindow.add(window);
        boolean abandoned;
        state.lock();
        try {
            abandoned = closeRequested;
        } finally {
            state.unlock();
        }
        opened.complete(this);
        if (abandoned) { // closed (e.g. after a timeout) before the confirmation came: finish the close
            state.lock();
            try {
                closeRequested = false;
            } finally {
                state.unlock();
            }
            close();
        }
    }

    void receivedData(int stream, byte[] payload, int off, int len) throws SshProtocolException {
        long adjust = inbound.receive(stream, payload, off, len);
        if (adjust > 0) {
            try {
                send(new ChannelWindowAdjust(remoteId, adjust).encode(), false);
            } catch (IOException e) {
                // transport failing
            }
        }
    }

    void receivedWindowAdjust(long bytes) throws SshProtocolException {
        remoteWindow.add(bytes);
    }

    void receivedEof() {
        state.lock();
        try {
            eofReceived = true;
        } finally {
            state.unlock();
        }
        inbound.markEof();
    }

    void receivedClose() {
        state.lock();
        try {
            closeReceived = true;
        } finally {
            state.unlock();
        }
        inbound.markEof();
        failPendingReplies();
        close(); // answers with our CLOSE unless already sent; deferred past in-flight sends
        boolean free;
        state.lock();
        try {
            free = closeSent && inFlight == 0;
        } finally {
            state.unlock();
        }
        if (free) release(null);
    }

    /** Peer's request (reader thread): ask the handler, reply if wanted; never after our CLOSE. */
    void receivedRequest(String requestType, boolean wantReply, byte[] data) {
        boolean reply;
        state.lock();
        try {
            reply = wantReply && !closeRequested && !closeSent;
            if (reply) inFlight++; // holds back a concurrent close() until the reply is out
        } finally {
            state.unlock();
        }
        boolean ok;
        try {
            ok = requestHandler.onRequest(this, requestType, data);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!reply) return;
        try {
            layer.sink().send(ok ? new ConnectionMessage.ChannelSuccess(remoteId).encode()
                    : new ConnectionMessage.ChannelFailure(remoteId).encode());
        } catch (IOException e) {
            // transport failing
        } finally {
            endSend();
        }
    }

    void receivedReply(boolean success) {
        CompletableFuture<Boolean> slot = pendingReplies.poll();
        if (slot != null) slot.complete(success); // an unsolicited reply is dropped
    }

    private void failPendingReplies() {
        CompletableFuture<Boolean> slot;
        while ((slot = pendingReplies.poll()) != null) slot.complete(false);
    }

    /** Frees the channel: both CLOSEs passed, or the connection died ({@code why} non-null). */
    void release(IOException why) {
        layer.released(this); // first, so the table is consistent once waiters wake
        state.lock();
        try {
            if (released) return;
            released = true;
            closedCondition.signalAll();
        } finally {
            state.unlock();
        }
        if (why != null) {
            inbound.fail(why);
            opened.completeExceptionally(why);
        } else {
            inbound.markEof();
        }
        remoteWindow.close(why != null ? why : new IOException("channel " + localId + " closed"));
        failPendingReplies();
        closedFuture.complete(null);
    }
}

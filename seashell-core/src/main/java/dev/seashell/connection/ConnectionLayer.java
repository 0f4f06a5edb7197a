package dev.seashell.connection;

import dev.seashell.connection.ConnectionMessage.ChannelClose;
import dev.seashell.connection.ConnectionMessage.ChannelData;
import dev.seashell.connection.ConnectionMessage.ChannelEof;
import dev.seashell.connection.ConnectionMessage.ChannelExtendedData;
import dev.seashell.connection.ConnectionMessage.ChannelFailure;
import dev.seashell.connection.ConnectionMessage.ChannelOpen;
import dev.seashell.connection.ConnectionMessage.ChannelOpenConfirmation;
import dev.seashell.connection.ConnectionMessage.ChannelOpenFailure;
import dev.seashell.connection.ConnectionMessage.ChannelRequest;
import dev.seashell.connection.ConnectionMessage.ChannelSuccess;
import dev.seashell.connection.ConnectionMessage.ChannelWindowAdjust;
import dev.seashell.connection.ConnectionMessage.GlobalRequest;
import dev.seashell.connection.ConnectionMessage.RequestFailure;
import dev.seashell.connection.ConnectionMessage.RequestSuccess;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The RFC 4254 multiplexer of one connection, for either side: the channel table, channel opens
 * both ways, and global requests.
 *
 * <p>Wiring: the transport's single reader thread calls {@link #handle(byte[])} for every message
 * numbered 80-127 and {@link #transportClosed(Throwable)} once when the connection ends. {@code handle}
 * never blocks on the application: data lands in per-channel buffers bounded by the window we granted.
 * A protocol violation makes {@code handle} throw {@link SshFormatException} (often its subclass
 * {@link SshProtocolException}); the transport should then disconnect with PROTOCOL_ERROR (the layer
 * has already failed every channel).
 *
 * <p>Ownership: the layer keeps slices of CHANNEL_DATA payloads without copying them, so the
 * transport must hand over a fresh array per message and never reuse it. In the other direction the
 * layer never touches an array again after {@link MessageSink#send}; the sink must be thread-safe.
 */
public final class ConnectionLayer {
    private final MessageSink sink;
    private final ConnectionConfig config;
    private final Map<Integer, Channel> channels = new ConcurrentHashMap<>();
    private final ReentrantLock tableLock = new ReentrantLock();
    private int nextId;
    private final Map<String, ChannelOpenHandler> openHandlers = new ConcurrentHashMap<>();
    private final Map<String, GlobalRequestHandler> globalHandlers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CompletableFuture<Optional<byte[]>>> pendingGlobal = new ConcurrentLinkedQueue<>();
    private final ReentrantLock globalLock = new ReentrantLock(); // keeps reply slots in send order
    private volatile IOException closed;

    public ConnectionLayer(MessageSink sink, ConnectionConfig config) {
        this.sink = sink;
        this.config = config;
    }

    public ConnectionConfig config() {
        return config;
    }

    /** Accepts the peer's opens of {@code channelType} (e.g. "session"); unregistered types get UNKNOWN_CHANNEL_TYPE. */
    public void registerChannelType(String channelType, ChannelOpenHandler handler) {
        openHandlers.put(channelType, handler);
    }

    /** Answers the peer's global requests named {@code name}; unregistered names get REQUEST_FAILURE. */
    public void registerGlobalRequest(String name, GlobalRequestHandler handler) {
        globalHandlers.put(name, handler);
    }

    /** Open or opening channels. */
    public int channelCount() {
        return channels.size();
    }

    public boolean isClosed() {
        return closed != null;
    }

    /**
     * Opens a channel and waits (up to the configured request timeout) for the peer's answer.
     *
     * @param typeData the channel-type-specific part of CHANNEL_OPEN (empty for "session")
     * @param requests handles the peer's channel requests on it (e.g. exit-status)
     * @throws ChannelOpenException when the peer refuses or the channel bound is reached
     */
    public Channel openChannel(String channelType, byte[] typeData, ChannelRequestHandler requests) throws IOException {
        Channel ch = allocate(channelType, requests);
        try {
            sink.send(new ChannelOpen(channelType, ch.localId(), config.localWindow(), config.maxPacket(), typeData).encode());
        } catch (IOException e) {
            ch.release(e);
            throw e;
        }
        try {
            return ch.opened.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            ch.close(); // a late confirmation is answered with CLOSE
            throw new InterruptedIOException("channel open timed out");
        } catch (InterruptedException e) {
            ch.close();
            throw Timeouts.interrupted("channel open");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }

    /**
     * Sends a global request with want-reply and waits for the answer (replies match requests in order).
     *
     * @return the REQUEST_SUCCESS data, or empty on REQUEST_FAILURE
     */
    public Optional<byte[]> globalRequest(String name, byte[] data) throws IOException {
        checkOpen();
        CompletableFuture<Optional<byte[]>> reply = new CompletableFuture<>();
        globalLock.lock();
        try {
            pendingGlobal.add(reply);
            try {
                sink.send(new GlobalRequest(name, true, data).encode());
            } catch (IOException e) {
                pendingGlobal.remove(reply);
                throw e;
            }
        } finally {
            globalLock.unlock();
        }
        if (closed != null) reply.completeExceptionally(closed); // raced with the end of the connection
        try {
            return reply.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new InterruptedIOException(name + " global request timed out");
        } catch (InterruptedException e) {
            throw Timeouts.interrupted(name + " global request");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends a global request without want-reply. */
    public void sendGlobalRequest(String name, byte[] data) throws IOException {
        checkOpen();
        sink.send(new GlobalRequest(name, false, data).encode());
    }

    /**
     * Handles one message numbered 80-127 on the transport's reader thread. Never waits for the
     * application. A malformed message or protocol violation fails every channel and is thrown.
     *
     * @return false for a number in 80-127 that RFC 4254 does not define: the transport answers it
     *     with SSH_MSG_UNIMPLEMENTED (RFC 4253 §11.4)
     */
    public boolean handle(byte[] payload) throws SshFormatException {
        if (payload.length == 0) throw protocolError("empty message");
        int type = payload[0] & 0xff;
        boolean known = (type >= MessageNumbers.GLOBAL_REQUEST && type <= MessageNumbers.REQUEST_FAILURE)
                || (type >= MessageNumbers.CHANNEL_OPEN && type <= MessageNumbers.CHANNEL_FAILURE);
        if (!known) return false;
        if (closed != null) return true;
        try {
            dispatch(payload);
            return true;
        } catch (SshFormatException e) {
            transportClosed(e);
            throw e;
        }
    }

    /** The connection has ended: fails every channel and pending request. Idempotent. */
    public void transportClosed(Throwable cause) {
        IOException why;
        tableLock.lock();
        try {
            if (closed != null) return;
            why = cause instanceof IOException io ? io : new IOException("connection closed", cause);
            closed = why;
        } finally {
            tableLock.unlock();
        }
        for (Channel ch : channels.values()) ch.release(why);
        CompletableFuture<Optional<byte[]>> slot;
        while ((slot = pendingGlobal.poll()) != null) slot.completeExceptionally(why);
    }

    // ---- dispatch (reader thread) ----

    private void dispatch(byte[] payload) throws SshFormatException {
        int type = payload[0] & 0xff;
        if (type == MessageNumbers.CHANNEL_DATA || type == MessageNumbers.CHANNEL_EXTENDED_DATA) {
            fastData(payload, type);
            return;
        }
        switch (ConnectionMessage.decode(payload)) {
            case GlobalRequest m -> onGlobalRequest(m);
            case RequestSuccess m -> onGlobalReply(Optional.of(m.data()));
            case RequestFailure m -> onGlobalReply(Optional.empty());
            case ChannelOpen m -> onChannelOpen(m);
            case ChannelOpenConfirmation m -> {
                Channel ch = channel(m.recipientChannel());
                if (ch.opened.isDone()) throw protocolError("duplicate confirmation for channel " + ch.localId());
                if (m.maxPacket() == 0) throw protocolError("max packet 0");
                ch.confirmed(m.senderChannel(), m.initialWindow(), m.maxPacket(), config.maxPacket());
            }
            case ChannelOpenFailure m -> {
                Channel ch = channel(m.recipientChannel());
                if (ch.opened.isDone()) throw protocolError("open failure for open channel " + ch.localId());
                ch.release(new ChannelOpenFailedException(m.reasonCode(), m.description()));
            }
            case ChannelWindowAdjust m -> openChannel(m.recipientChannel()).receivedWindowAdjust(m.bytesToAdd());
            case ChannelData m -> throw new AssertionError("handled by the fast path");
            case ChannelExtendedData m -> throw new AssertionError("handled by the fast path");
            case ChannelEof m -> openChannel(m.recipientChannel()).receivedEof();
            case ChannelClose m -> openChannel(m.recipientChannel()).receivedClose();
            case ChannelRequest m -> openChannel(m.recipientChannel()).receivedRequest(m.requestType(), m.wantReply(), m.data());
            case ChannelSuccess m -> openChannel(m.recipientChannel()).receivedReply(true);
            case ChannelFailure m -> openChannel(m.recipientChannel()).receivedReply(false);
        }
    }

    /** CHANNEL_DATA / EXTENDED_DATA without a record or copy: the buffer keeps a slice of the payload. */
    private void fastData(byte[] payload, int type) throws SshFormatException {
        SshReader r = new SshReader(payload, 1, payload.length - 1);
        Channel ch = openChannel(r.readInt());
        int stream = ChannelInbound.DATA;
        if (type == MessageNumbers.CHANNEL_EXTENDED_DATA) {
            stream = r.readInt() == ChannelExtendedData.STDERR ? ChannelInbound.EXTENDED : -1;
        }
        int off = r.skipString();
        r.expectEnd();
        ch.receivedData(stream, payload, off, payload.length - off);
    }

    private Channel channel(int localId) throws SshProtocolException {
        Channel ch = channels.get(localId);
        if (ch == null) throw protocolError("message for unknown channel " + Integer.toUnsignedString(localId));
        return ch;
    }

    private Channel openChannel(int localId) throws SshProtocolException {
        Channel ch = channel(localId);
        if (!ch.opened.isDone()) throw protocolError("message for unconfirmed channel " + ch.localId());
        return ch;
    }

    private void onGlobalRequest(GlobalRequest m) throws SshFormatException {
        GlobalRequestHandler h = globalHandlers.get(m.name());
        Optional<byte[]> result = Optional.empty();
        if (h != null) {
            try {
                result = h.onRequest(m.name(), m.data());
            } catch (RuntimeException e) {
                result = Optional.empty();
            }
        }
        if (m.wantReply()) {
            send(result.isPresent() ? new RequestSuccess(result.get()).encode() : new RequestFailure().encode());
        }
    }

    private void onGlobalReply(Optional<byte[]> reply) {
        CompletableFuture<Optional<byte[]>> slot = pendingGlobal.poll();
        if (slot != null) slot.complete(reply); // unsolicited replies are dropped
    }

    private void onChannelOpen(ChannelOpen m) throws SshFormatException {
        if (m.maxPacket() == 0) throw protocolError("max packet 0");
        ChannelOpenHandler h = openHandlers.get(m.channelType());
        ChannelOpenException refusal;
        if (h == null) {
            refusal = new ChannelOpenException(ChannelOpenException.UNKNOWN_CHANNEL_TYPE, "unknown channel type");
        } else if (channels.size() >= config.maxChannels()) {
            refusal = new ChannelOpenException(ChannelOpenException.RESOURCE_SHORTAGE, "too many channels");
        } else {
            IncomingChannel req = new IncomingChannel(this, m);
            try {
                h.onOpen(req);
            } catch (RuntimeException e) {
                // treated as a refusal below unless it had accepted
            }
            if (req.isAnswered()) return;
            refusal = req.rejection();
        }
        send(new ChannelOpenFailure(m.senderChannel(), refusal.reasonCode(), refusal.description(), "").encode());
    }

    /** Called by {@link IncomingChannel#accept}: allocates and confirms. */
    Channel acceptIncoming(ChannelOpen m, ChannelRequestHandler requests) throws ChannelOpenException {
        Channel ch = allocate(m.channelType(), requests);
        try {
            ch.confirmed(m.senderChannel(), m.initialWindow(), m.maxPacket(), config.maxPacket());
            sink.send(new ChannelOpenConfirmation(m.senderChannel(), ch.localId(), config.localWindow(),
                    config.maxPacket(), new byte[0]).encode());
        } catch (IOException e) {
            ch.release(e);
            throw new ChannelOpenException(ChannelOpenException.CONNECT_FAILED, e.getMessage());
        }
        return ch;
    }

    /** Called by a deferred {@link IncomingChannel#reject}: sends OPEN_FAILURE from any thread. */
    void refuseIncoming(ChannelOpen m, ChannelOpenException why) {
        send(new ChannelOpenFailure(m.senderChannel(), why.reasonCode(), why.description(), "").encode());
    }

    private Channel allocate(String channelType, ChannelRequestHandler requests) throws ChannelOpenException {
        tableLock.lock();
        try {
            if (closed != null) throw new ChannelOpenException(ChannelOpenException.CONNECT_FAILED, "connection closed");
            if (channels.size() >= config.maxChannels()) {
                throw new ChannelOpenException(ChannelOpenException.RESOURCE_SHORTAGE,
                        "channel limit " + config.maxChannels() + " reached");
            }
            while (channels.containsKey(nextId)) nextId++;
            Channel ch = new Channel(this, nextId++, channelType, config, requests);
            channels.put(ch.localId(), ch);
            return ch;
        } finally {
            tableLock.unlock();
        }
    }

    /** Called once by a channel when it is freed. */
    void released(Channel ch) {
        channels.remove(ch.localId(), ch);
    }

    MessageSink sink() {
        return sink;
    }

    private void send(byte[] payload) {
        try {
            sink.send(payload);
        } catch (IOException e) {
            // the transport is failing and will call transportClosed
        }
    }

    private void checkOpen() throws IOException {
        IOException c = closed;
        if (c != null) throw new IOException("connection closed: " + c.getMessage(), c);
    }

    private static SshProtocolException protocolError(String message) {
        return new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, message);
    }
}

package dev.seashell.connection;

import dev.seashell.connection.ConnectionMessage.ChannelOpen;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The peer's request to open a channel, handed to a {@link ChannelOpenHandler} to decide. The
 * handler decides at once, or calls {@link #defer()} and decides later from another thread (e.g.
 * after a TCP connect for direct-tcpip); a deferred request must eventually be accepted or rejected.
 */
public final class IncomingChannel {
    private final ConnectionLayer layer;
    private final ChannelOpen open;
    private final ReentrantLock lock = new ReentrantLock();
    private Channel accepted;
    private ChannelOpenException rejected;
    private boolean deferred;

    IncomingChannel(ConnectionLayer layer, ChannelOpen open) {
        this.layer = layer;
        this.open = open;
    }

    public String channelType() {
        return open.channelType();
    }

    /** The channel-type-specific data of the open (e.g. host and port for direct-tcpip). */
    public byte[] typeData() {
        return open.data().clone();
    }

    /**
     * Accepts: sends OPEN_CONFIRMATION now and returns the open channel.
     *
     * @param requests handles the peer's channel requests on it (may be replaced later)
     * @throws ChannelOpenException if the channel bound was reached (the open is then refused)
     */
    public Channel accept(ChannelRequestHandler requests) throws ChannelOpenException {
        lock.lock();
        try {
            checkUndecided();
            try {
                accepted = layer.acceptIncoming(open, requests);
            } catch (ChannelOpenException e) {
                rejected = e;
                if (deferred) layer.refuseIncoming(open, e); // nobody else will answer now
                throw e;
            }
            return accepted;
        } finally {
            lock.unlock();
        }
    }

    /** Rejects with a reason code from {@link ChannelOpenException}. */
    public void reject(int reasonCode, String description) {
        lock.lock();
        try {
            checkUndecided();
            rejected = new ChannelOpenException(reasonCode, description);
            if (deferred) layer.refuseIncoming(open, rejected);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Leaves the decision for later: the handler may return, and {@link #accept} or {@link #reject}
     * (callable from any thread) then sends the answer. Must be called by the handler before it returns.
     */
    public void defer() {
        lock.lock();
        try {
            checkUndecided();
            deferred = true;
        } finally {
            lock.unlock();
        }
    }

    private void checkUndecided() {
        if (accepted != null || rejected != null) throw new IllegalStateException("already decided");
    }

    /** True if the answer has been or will be sent by this object (accepted, or deferred). */
    boolean isAnswered() {
        lock.lock();
        try {
            return accepted != null || deferred;
        } finally {
            lock.unlock();
        }
    }

    ChannelOpenException rejection() {
        return rejected != null ? rejected
                : new ChannelOpenException(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "open not accepted");
    }
}

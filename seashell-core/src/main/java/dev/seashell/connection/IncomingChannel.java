package dev.seashell.connection;

import dev.seashell.connection.ConnectionMessage.ChannelOpen;

/** The peer's request to open a channel, handed to a {@link ChannelOpenHandler} to decide. */
public final class IncomingChannel {
    private final ConnectionLayer layer;
    private final ChannelOpen open;
    private Channel accepted;
    private ChannelOpenException rejected;

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
        if (accepted != null || rejected != null) throw new IllegalStateException("already decided");
        try {
            accepted = layer.acceptIncoming(open, requests);
        } catch (ChannelOpenException e) {
            rejected = e;
            throw e;
        }
        return accepted;
    }

    /** Rejects with a reason code from {@link ChannelOpenException}. */
    public void reject(int reasonCode, String description) {
        if (accepted != null || rejected != null) throw new IllegalStateException("already decided");
        rejected = new ChannelOpenException(reasonCode, description);
    }

    boolean isAccepted() {
        return accepted != null;
    }

    ChannelOpenException rejection() {
        return rejected != null ? rejected
                : new ChannelOpenException(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "open not accepted");
    }
}

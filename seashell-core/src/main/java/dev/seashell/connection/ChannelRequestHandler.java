package dev.seashell.connection;

/**
 * Receives the peer's SSH_MSG_CHANNEL_REQUESTs on one channel. Runs on the transport's reader
 * thread: decide quickly and never block (start longer work on a thread of your own). The returned
 * value is sent as CHANNEL_SUCCESS / CHANNEL_FAILURE when the peer asked for a reply.
 */
@FunctionalInterface
public interface ChannelRequestHandler {
    boolean onRequest(Channel channel, String type, byte[] data);

    /** Refuses everything, as RFC 4254 §5.4 asks for unknown requests. */
    ChannelRequestHandler REJECT_ALL = (channel, type, data) -> false;
}

package dev.seashell.connection;

/**
 * Decides on the peer's SSH_MSG_CHANNEL_OPEN of one channel type. Runs on the transport's reader
 * thread: call {@link IncomingChannel#accept} or {@link IncomingChannel#reject} without blocking,
 * then start the channel's work on a thread of your own. Returning without either rejects.
 */
@FunctionalInterface
public interface ChannelOpenHandler {
    void onOpen(IncomingChannel request);
}

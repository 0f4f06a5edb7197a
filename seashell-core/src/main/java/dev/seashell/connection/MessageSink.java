package dev.seashell.connection;

import java.io.IOException;

/**
 * What the connection layer needs from the transport below it: a way to send one message payload.
 *
 * <p>Called from several threads (application writers, and the transport's reader thread for replies),
 * so implementations must be thread-safe and keep the order of completed calls. The layer never reuses
 * or mutates an array once it has passed it here: the transport may keep it.
 */
@FunctionalInterface
public interface MessageSink {
    void send(byte[] payload) throws IOException;
}

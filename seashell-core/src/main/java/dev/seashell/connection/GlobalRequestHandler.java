package dev.seashell.connection;

import java.util.Optional;

/**
 * Answers one kind of SSH_MSG_GLOBAL_REQUEST. Runs on the transport's reader thread and must not
 * block. Return the response-specific data for REQUEST_SUCCESS, or empty for REQUEST_FAILURE.
 */
@FunctionalInterface
public interface GlobalRequestHandler {
    Optional<byte[]> onRequest(String name, byte[] data);
}

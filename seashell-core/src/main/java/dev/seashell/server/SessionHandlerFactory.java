package dev.seashell.server;

import dev.seashell.connection.SessionHandler;
import java.net.InetSocketAddress;

/** Makes the handler that serves an authenticated user's session channels. */
@FunctionalInterface
public interface SessionHandlerFactory {
    SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local);
}

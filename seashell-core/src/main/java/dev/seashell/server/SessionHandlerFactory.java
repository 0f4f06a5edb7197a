package dev.seashell.server;

import dev.seashell.auth.SessionRestrictions;
import dev.seashell.connection.SessionHandler;
import java.net.InetSocketAddress;

/** Makes the handler that serves an authenticated user's session channels. */
@FunctionalInterface
public interface SessionHandlerFactory {
    SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local);

    /**
     * The handler for a login that carries restrictions (authorized_keys options). The server calls
     * this one; the default wraps {@link #forUser(String, InetSocketAddress, InetSocketAddress)}'s
     * handler in a {@link RestrictedSessionHandler}, so forced commands and no-pty hold for every factory.
     */
    default SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local, SessionRestrictions restrictions) {
        return RestrictedSessionHandler.wrap(forUser(user, remote, local), restrictions);
    }
}

package dev.seashell.server;

import dev.seashell.auth.SessionRestrictions;
import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.connection.PtyRequest;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;

/**
 * Enforces a key's authorized_keys restrictions on session requests, around any handler:
 * {@code command="…"} replaces exec, shell and subsystem requests with the forced command (the
 * client's request goes into {@code SSH_ORIGINAL_COMMAND}), and {@code no-pty} refuses pty-req.
 *
 * <p>SSH_ORIGINAL_COMMAND reaches a {@link ProcessCommandHandler}'s shell as an exported variable
 * set before the forced command runs; other handlers receive the forced command alone.
 */
public final class RestrictedSessionHandler implements SessionHandler {
    private final SessionHandler delegate;
    private final SessionRestrictions restrictions;

    private RestrictedSessionHandler(SessionHandler delegate, SessionRestrictions restrictions) {
        this.delegate = delegate;
        this.restrictions = restrictions;
    }

    /** {@code delegate} itself when there is nothing to enforce. */
    public static SessionHandler wrap(SessionHandler delegate, SessionRestrictions restrictions) {
        if (restrictions == null || restrictions.equals(SessionRestrictions.NONE)) return delegate;
        return new RestrictedSessionHandler(delegate, restrictions);
    }

    @Override
    public boolean exec(ServerSession session, String command) {
        return restrictions.hasForcedCommand() ? forced(session, command) : delegate.exec(session, command);
    }

    @Override
    public boolean shell(ServerSession session) {
        return restrictions.hasForcedCommand() ? forced(session, null) : delegate.shell(session);
    }

    @Override
    public boolean subsystem(ServerSession session, String name) {
        return restrictions.hasForcedCommand() ? forced(session, name) : delegate.subsystem(session, name);
    }

    @Override
    public boolean pty(ServerSession session, PtyRequest request) {
        return restrictions.allowPty() && delegate.pty(session, request);
    }

    @Override
    public boolean env(ServerSession session, String name, String value) {
        return delegate.env(session, name, value);
    }

    @Override
    public void windowChange(ServerSession session, int columns, int rows) {
        delegate.windowChange(session, columns, rows);
    }

    @Override
    public boolean signal(ServerSession session, String signalName) {
        return delegate.signal(session, signalName);
    }

    private boolean forced(ServerSession session, String original) {
        String command = restrictions.forcedCommand().orElseThrow();
        if (original != null && delegate instanceof ProcessCommandHandler) {
            command = "SSH_ORIGINAL_COMMAND=" + shellQuote(original) + "; export SSH_ORIGINAL_COMMAND; " + command;
        }
        return delegate.exec(session, command);
    }

    /** POSIX single quoting: nothing inside is special except the quote itself. */
    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}

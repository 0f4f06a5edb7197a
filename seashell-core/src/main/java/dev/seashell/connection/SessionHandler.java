package dev.seashell.connection;

/**
 * The server's side of "session" channels: receives the client's session requests. Every method
 * runs on the transport's reader thread and must not block: accept or refuse, and start the real
 * work (a process, a subsystem) on a thread of your own that uses the session's streams and ends
 * with {@link ServerSession#exit(int)}. At most one of exec/shell/subsystem is accepted per session.
 */
public interface SessionHandler {
    boolean exec(ServerSession session, String command);

    default boolean shell(ServerSession session) {
        return false;
    }

    default boolean subsystem(ServerSession session, String name) {
        return false;
    }

    /**
     * PTY hook: the core allocates no terminals, so the default refuses (the client then runs
     * without one, as with {@code ssh -T}). A handler that supports terminals accepts here and
     * finds the request in {@link ServerSession#pty()} when exec or shell follows.
     */
    default boolean pty(ServerSession session, PtyRequest request) {
        return false;
    }

    /** Which variables to accept; the default follows common sshd_config AcceptEnv (LANG, LC_*). */
    default boolean env(ServerSession session, String name, String value) {
        return name.equals("LANG") || name.startsWith("LC_");
    }

    default void windowChange(ServerSession session, int columns, int rows) {}

    default boolean signal(ServerSession session, String signalName) {
        return false;
    }
}

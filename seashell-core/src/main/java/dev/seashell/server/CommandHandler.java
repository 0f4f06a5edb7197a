package dev.seashell.server;

/**
 * An application's own commands, served without spawning processes (a git-style service, a REPL,
 * a device console). Each exec or shell request runs {@link #run} on a virtual thread of its own,
 * so the handler may block on the streams; its return value is the exit status the client sees.
 */
@FunctionalInterface
public interface CommandHandler {
    /**
     * Serves one request.
     *
     * @return the exit status; an exception ends the session with status 1 and its message on stderr
     */
    int run(Command command) throws Exception;
}

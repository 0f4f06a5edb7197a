package dev.seashell.server;

import java.util.function.Consumer;

/**
 * Watches one connection's authentication audit lines on their way to the server log, to learn
 * what the client tried before it left: the penalty kind (authfail, invaliduser, noauth) and the
 * user named in sshd's closing line ({@code Connection closed by authenticating user X …}).
 * Only the connection's own thread writes; the grace timer's flag is volatile.
 */
final class PreauthTracker implements Consumer<String> {
    private final Consumer<String> log;
    private String user;
    private boolean invalidUser;
    private boolean failed;
    private volatile boolean graceExceeded;

    PreauthTracker(Consumer<String> log) {
        this.log = log;
    }

    @Override
    public void accept(String line) {
        if (line.startsWith("Invalid user ")) {
            invalidUser = true;
            user = word(line, "Invalid user ".length());
        } else if (line.startsWith("Failed ") || line.startsWith("maximum authentication attempts exceeded")) {
            failed = true;
            int f = line.indexOf(" for ");
            if (f >= 0 && user == null) {
                int at = f + 5;
                if (line.startsWith("invalid user ", at)) at += "invalid user ".length();
                user = word(line, at);
            }
        } else if (line.startsWith("User ") && line.contains(" not allowed because ")) {
            failed = true;
            user = word(line, "User ".length());
        }
        log.accept(line);
    }

    private static String word(String line, int from) {
        int end = line.indexOf(' ', from);
        return end < 0 ? line.substring(from) : line.substring(from, end);
    }

    void graceExceeded() {
        graceExceeded = true;
    }

    boolean wasGraceExceeded() {
        return graceExceeded;
    }

    /** {@code " authenticating user X"}, {@code " invalid user X"} or empty, for sshd's preauth closing lines. */
    String userPart() {
        if (user == null) return "";
        return (invalidUser ? " invalid user " : " authenticating user ") + user;
    }

    /** The penalty for a connection that ended before authenticating; {@code crashed} for protocol errors and bugs. */
    SourcePenalties.Kind penalty(boolean crashed) {
        if (graceExceeded) return SourcePenalties.Kind.GRACE_EXCEEDED;
        if (invalidUser) return SourcePenalties.Kind.INVALIDUSER;
        if (failed) return SourcePenalties.Kind.AUTHFAIL;
        return crashed ? SourcePenalties.Kind.CRASH : SourcePenalties.Kind.NOAUTH;
    }
}

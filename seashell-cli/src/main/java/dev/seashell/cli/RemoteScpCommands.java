package dev.seashell.cli;

/**
 * The remote command lines OpenSSH 9.2's scp runs for copies between two remote hosts: with
 * {@code -R} the origin runs {@code scp [-v] [-r] [-p] [-d] src [user@]host:path}; with {@code -O}
 * (through this host) the origin runs {@code scp ... -f src} and the destination {@code scp ... -t
 * path}. Paths go unquoted, as ssh joins its arguments with spaces, so the remote shell expands
 * wildcards and {@code ~} as it does for OpenSSH.
 */
final class RemoteScpCommands {
    private static final int DEFAULT_PORT = 22;

    private RemoteScpCommands() {}

    /** {@code scp} and the flags the remote ends get: {@code -d} when there is more than one source. */
    static String base(boolean verbose, boolean recursive, boolean preserve, boolean targetIsDirectory) {
        return "scp" + (verbose ? " -v" : "") + (recursive ? " -r" : "") + (preserve ? " -p" : "")
                + (targetIsDirectory ? " -d" : "");
    }

    /** -R: the command the origin host runs to copy {@code source} to {@code target} itself. */
    static String onOrigin(String base, String source, RemoteSpec target) {
        if (target.port() != -1 && target.port() != DEFAULT_PORT) {
            // the origin's scp gets host:path, which has no room for a port
            throw new IllegalArgumentException("target port not supported with two remote hosts and the -R option");
        }
        String user = target.user() == null ? "" : target.user() + "@";
        return base + " " + source + " " + user + target.host() + ":" + path(target);
    }

    /** -O through this host: the origin's source side. */
    static String source(String base, String path) {
        return base + " -f " + (path.startsWith("-") ? "-- " : "") + path;
    }

    /** -O through this host: the destination's sink side. */
    static String sink(String base, String path) {
        return base + " -t " + (path.startsWith("-") ? "-- " : "") + path;
    }

    /** The operand's path, "." when empty, as OpenSSH fills it in. */
    static String path(RemoteSpec spec) {
        return spec.path() == null || spec.path().isEmpty() ? "." : spec.path();
    }
}

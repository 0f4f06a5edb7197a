package dev.seashell.config;

import java.util.List;

/**
 * What sshd knows about a connection when evaluating {@code Match} blocks (sshd's {@code -C}).
 * Null fields never match a criterion that needs them.
 */
public record MatchContext(String user, List<String> groups, String host, String address,
        String localAddress, int localPort, String rdomain) {

    public MatchContext {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A context with user, remote host name and address only. */
    public static MatchContext of(String user, String host, String address) {
        return new MatchContext(user, List.of(), host, address, null, -1, null);
    }
}

package dev.seashell.auth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an authenticated session may do, from the authorized_keys options of the key that logged in
 * (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"). {@link #NONE} is an unrestricted login.
 *
 * @param forcedCommand {@code command="…"}: run this instead of whatever the client asks
 * @param permitOpen    {@code permitopen="host:port"} entries; empty means no limit
 * @param permitListen  {@code permitlisten="[host:]port"} entries; empty means no limit
 * @param environment   {@code environment="NAME=value"} variables to set
 * @param principals    {@code principals="…"} (kept for certificate authentication)
 */
public record SessionRestrictions(
        Optional<String> forcedCommand,
        boolean allowPty,
        boolean allowPortForwarding,
        boolean allowAgentForwarding,
        boolean allowX11,
        boolean allowUserRc,
        List<String> permitOpen,
        List<String> permitListen,
        Map<String, String> environment,
        List<String> principals) {

    /** No restrictions: what a password login or a key without options gets. */
    public static final SessionRestrictions NONE =
            new SessionRestrictions(Optional.empty(), true, true, true, true, true, List.of(), List.of(), Map.of(), List.of());

    public SessionRestrictions {
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
        environment = Map.copyOf(environment);
        principals = List.copyOf(principals);
    }

    public boolean hasForcedCommand() {
        return forcedCommand.isPresent();
    }
}

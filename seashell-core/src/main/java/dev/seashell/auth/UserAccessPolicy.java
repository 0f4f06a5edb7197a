package dev.seashell.auth;

import dev.seashell.config.Patterns;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * sshd's allowed_user(): DenyUsers, AllowUsers, DenyGroups, AllowGroups, in that order. A user
 * pattern may be {@code user@host}, the host part matched against the client address (pattern or CIDR).
 */
final class UserAccessPolicy {
    private UserAccessPolicy() {}

    /** Why {@code user} may not log in from {@code remote}, in OpenSSH's words; empty if allowed. */
    static Optional<String> refusal(ServerAuthConfig c, String user, InetSocketAddress remote) {
        String addr = remote == null ? "" : remote.getAddress().getHostAddress();
        for (String p : c.denyUsers()) {
            if (matchUser(user, addr, p)) return Optional.of("listed in DenyUsers");
        }
        if (!c.allowUsers().isEmpty() && c.allowUsers().stream().noneMatch(p -> matchUser(user, addr, p))) {
            return Optional.of("not listed in AllowUsers");
        }
        if (!c.denyGroups().isEmpty() || !c.allowGroups().isEmpty()) {
            List<String> groups = c.groups() == null ? List.of() : c.groups().apply(user);
            if (groups.stream().anyMatch(g -> c.denyGroups().stream().anyMatch(p -> Patterns.matches(g, p, false)))) {
                return Optional.of("a group is listed in DenyGroups");
            }
            if (!c.allowGroups().isEmpty()
                    && groups.stream().noneMatch(g -> c.allowGroups().stream().anyMatch(p -> Patterns.matches(g, p, false)))) {
                return Optional.of("none of user's groups are listed in AllowGroups");
            }
        }
        return Optional.empty();
    }

    static boolean matchUser(String user, String addr, String pattern) {
        int at = pattern.lastIndexOf('@');
        if (at < 0) return Patterns.glob(user, pattern);
        if (!Patterns.glob(user, pattern.substring(0, at))) return false;
        try {
            return !addr.isEmpty() && Patterns.addressList(addr, pattern.substring(at + 1)) == 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package dev.seashell.config;

import java.util.List;
import java.util.Locale;

/** sshd {@code Match} criteria: User, Group, Host, Address, LocalAddress, LocalPort, RDomain, All. */
final class SshdMatch {
    private SshdMatch() {}

    private static final List<String> ATTRIBUTES = List.of("user", "group", "host", "address", "localaddress",
            "localport", "rdomain");

    static void validate(ConfigLine l) throws ConfigException {
        List<String> a = l.args();
        if (a.isEmpty()) {
            throw new ConfigException(l.where() + ": One or more attributes required for Match");
        }
        if (a.getFirst().equalsIgnoreCase("all")) {
            if (a.size() > 1) {
                throw new ConfigException(l.where() + ": 'all' cannot be combined with other Match attributes");
            }
            return;
        }
        for (int i = 0; i < a.size(); i += 2) {
            String attr = a.get(i).toLowerCase(Locale.ROOT);
            if (attr.equals("all")) {
                throw new ConfigException(l.where() + ": 'all' cannot be combined with other Match attributes");
            }
            if (!ATTRIBUTES.contains(attr)) {
                throw new ConfigException(l.where() + ": Unsupported Match attribute " + a.get(i));
            }
            if (i + 1 >= a.size()) {
                throw new ConfigException(l.where() + ": Missing Match criteria for " + a.get(i));
            }
            String v = a.get(i + 1);
            if (attr.equals("address") || attr.equals("localaddress")) {
                try {
                    Patterns.addressList("0.0.0.0", v);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(l.where() + ": Invalid Match " + attr + " argument " + v);
                }
            }
            if (attr.equals("localport") && !v.chars().allMatch(Character::isDigit)) {
                throw new ConfigException(l.where() + ": Invalid LocalPort '" + v + "' on Match line");
            }
        }
    }

    /** All criteria on the line must hold (validated at parse time). */
    static boolean matches(ConfigLine l, MatchContext c) {
        List<String> a = l.args();
        if (a.getFirst().equalsIgnoreCase("all")) {
            return true;
        }
        for (int i = 0; i + 1 < a.size(); i += 2) {
            String v = a.get(i + 1);
            boolean ok = switch (a.get(i).toLowerCase(Locale.ROOT)) {
                case "user" -> Patterns.matches(c.user(), v, false);
                case "group" -> c.groups().stream().anyMatch(g -> Patterns.matches(g, v, false))
                        && c.groups().stream().noneMatch(g -> Patterns.list(g, v, false) == -1);
                case "host" -> Patterns.matches(c.host(), v, true);
                case "address" -> c.address() != null && Patterns.addressList(c.address(), v) == 1;
                case "localaddress" -> c.localAddress() != null && Patterns.addressList(c.localAddress(), v) == 1;
                case "localport" -> c.localPort() == Integer.parseInt(v);
                case "rdomain" -> Patterns.matches(c.rdomain(), v, false);
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}

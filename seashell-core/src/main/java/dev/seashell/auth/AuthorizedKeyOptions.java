package dev.seashell.auth;

import dev.seashell.config.AbsoluteTime;
import dev.seashell.config.Patterns;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies the options of one authorized_keys entry (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"): the
 * gates ({@code from=}, {@code expiry-time=}) decide whether the key may log in from here and now,
 * the rest become {@link SessionRestrictions}. Unknown or malformed options refuse the key, as
 * OpenSSH refuses a line it cannot parse rather than ignore a restriction it does not understand.
 */
public final class AuthorizedKeyOptions {
    private AuthorizedKeyOptions() {}

    /** Why an entry was refused, for the log; or the restrictions it grants. */
    public sealed interface Decision {
        /** The entry allows the key, with these restrictions on the session. */
        record Granted(SessionRestrictions restrictions) implements Decision {}

        /** The entry does not allow the key here; {@code reason} is for the log. */
        record Refused(String reason) implements Decision {}
    }

    /** Evaluates {@code options} for a login from {@code remote} at {@code now}. */
    public static Decision evaluate(List<String> options, InetSocketAddress remote, Instant now) {
        Optional<String> command = Optional.empty();
        boolean pty = true, portForwarding = true, agent = true, x11 = true, userRc = true;
        List<String> permitOpen = new ArrayList<>();
        List<String> permitListen = new ArrayList<>();
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> principals = new ArrayList<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            String name = (eq < 0 ? option : option.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : unquote(option.substring(eq + 1));
            if (eq >= 0 && value == null) return new Decision.Refused("bad quoting in option " + name);
            switch (name) {
                case "restrict" -> {
                    pty = false;
                    portForwarding = false;
                    agent = false;
                    x11 = false;
                    userRc = false;
                }
                case "no-pty" -> pty = false;
                case "pty" -> pty = true;
                case "no-port-forwarding" -> portForwarding = false;
                case "port-forwarding" -> portForwarding = true;
                case "no-agent-forwarding" -> agent = false;
                case "agent-forwarding" -> agent = true;
                case "no-x11-forwarding" -> x11 = false;
                case "x11-forwarding" -> x11 = true;
                case "no-user-rc" -> userRc = false;
                case "user-rc" -> userRc = true;
                case "no-touch-required", "verify-required", "cert-authority" -> { }
                case "command" -> {
                    if (value == null || command.isPresent()) return new Decision.Refused("bad or repeated command option");
                    command = Optional.of(value);
                }
                case "from" -> {
                    if (value == null) return new Decision.Refused("from option without a value");
                    if (!fromAllowed(value, remote)) {
                        return new Decision.Refused("Authentication tried with key not allowed from "
                                + (remote == null ? "unknown" : remote.getAddress().getHostAddress()));
                    }
                }
                case "expiry-time" -> {
                    Instant expiry = value == null ? null : AbsoluteTime.parse(value);
                    if (expiry == null) return new Decision.Refused("bad expiry-time");
                    if (!now.isBefore(expiry)) return new Decision.Refused("key expired at " + value);
                }
                case "permitopen" -> {
                    if (value == null) return new Decision.Refused("permitopen without a value");
                    permitOpen.add(value);
                }
                case "permitlisten" -> {
                    if (value == null) return new Decision.Refused("permitlisten without a value");
                    permitListen.add(value);
                }
                case "environment" -> {
                    int e = value == null ? -1 : value.indexOf('=');
                    if (e <= 0) return new Decision.Refused("bad environment option");
                    environment.putIfAbsent(value.substring(0, e), value.substring(e + 1)); // first one wins, as sshd
                }
                case "principals" -> {
                    if (value == null) return new Decision.Refused("principals without a value");
                    principals.addAll(List.of(value.split(",")));
                }
                default -> {
                    return new Decision.Refused("unsupported option " + name);
                }
            }
        }
        return new Decision.Granted(new SessionRestrictions(command, pty, portForwarding, agent, x11, userRc,
                permitOpen, permitListen, environment, principals));
    }

    /**
     * from="pattern-list": matched against the client's address (sshd with UseDNS no). A negated
     * match refuses outright; a malformed CIDR refuses too.
     */
    static boolean fromAllowed(String patterns, InetSocketAddress remote) {
        if (remote == null) return false;
        try {
            return Patterns.addressList(remote.getAddress().getHostAddress(), patterns) == 1;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A double-quoted value with \" escapes; null if the quoting is broken. Unquoted values pass as is. */
    static String unquote(String v) {
        if (!v.startsWith("\"")) return v;
        if (v.length() < 2 || !v.endsWith("\"")) return null;
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < v.length() - 1; i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length() - 1 && v.charAt(i + 1) == '"') {
                b.append('"');
                i++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

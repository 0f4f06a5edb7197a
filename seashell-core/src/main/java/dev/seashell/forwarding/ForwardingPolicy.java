package dev.seashell.forwarding;

import dev.seashell.config.Patterns;
import java.util.List;
import java.util.Locale;

/**
 * What a server lets its clients forward, after sshd_config's AllowTcpForwarding, GatewayPorts,
 * PermitOpen, PermitListen and AllowStreamLocalForwarding.
 *
 * @param allowTcpForwarding         which TCP directions are allowed
 * @param gatewayPorts               which address a remote forward may bind
 * @param permitOpen                 direct-tcpip targets: {@code host:port} entries ({@code *} as
 *                                   either part matches anything), {@code any}, or {@code none}
 * @param permitListen               tcpip-forward listeners: {@code port} or {@code host:port}
 *                                   entries (the host a pattern, {@code *} as port), {@code any}, or {@code none}.
 *                                   Ports below 1024 and port 0 are only allowed by {@code any}, an
 *                                   explicit entry, or a {@code *} port.
 * @param allowStreamLocalForwarding which Unix-socket directions are allowed
 * @param allowAgentForwarding       AllowAgentForwarding: whether auth-agent-req@openssh.com is honoured
 * @param x11                        X11Forwarding, X11DisplayOffset, X11UseLocalhost, XAuthLocation
 */
public record ForwardingPolicy(Allow allowTcpForwarding, GatewayPorts gatewayPorts, List<String> permitOpen,
                               List<String> permitListen, Allow allowStreamLocalForwarding,
                               boolean allowAgentForwarding, X11 x11) {
    /**
     * sshd's X11 settings.
     *
     * @param enabled       X11Forwarding (sshd's default: no)
     * @param displayOffset X11DisplayOffset: the first display number tried (default 10)
     * @param useLocalhost  X11UseLocalhost: listen on loopback only (default yes)
     * @param xauthPath     XAuthLocation: the xauth program; the cookie is skipped when it is missing
     */
    public record X11(boolean enabled, int displayOffset, boolean useLocalhost, String xauthPath) {
        public static final X11 DISABLED = new X11(false, 10, true, "/usr/bin/xauth");

        /** X11Forwarding yes with sshd's other defaults. */
        public static X11 enabledDefaults() {
            return new X11(true, 10, true, "/usr/bin/xauth");
        }
    }

    /** The TCP and Unix-socket settings; agent forwarding allowed, X11 off (sshd's defaults). */
    public ForwardingPolicy(Allow allowTcpForwarding, GatewayPorts gatewayPorts, List<String> permitOpen,
                            List<String> permitListen, Allow allowStreamLocalForwarding) {
        this(allowTcpForwarding, gatewayPorts, permitOpen, permitListen, allowStreamLocalForwarding, true, X11.DISABLED);
    }

    public ForwardingPolicy withAgentForwarding(boolean allow) {
        return new ForwardingPolicy(allowTcpForwarding, gatewayPorts, permitOpen, permitListen,
                allowStreamLocalForwarding, allow, x11);
    }

    public ForwardingPolicy withX11(X11 settings) {
        return new ForwardingPolicy(allowTcpForwarding, gatewayPorts, permitOpen, permitListen,
                allowStreamLocalForwarding, allowAgentForwarding, settings);
    }

    /** AllowTcpForwarding / AllowStreamLocalForwarding: yes and all are the same. */
    public enum Allow {
        NO, LOCAL, REMOTE, ALL;

        /** Parses yes, all, no, local, remote (case-insensitive). */
        public static Allow parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "yes", "all" -> ALL;
                case "no" -> NO;
                case "local" -> LOCAL;
                case "remote" -> REMOTE;
                default -> throw new IllegalArgumentException("bad forwarding setting: " + s);
            };
        }

        boolean local() {
            return this == ALL || this == LOCAL;
        }

        boolean remote() {
            return this == ALL || this == REMOTE;
        }
    }

    /** GatewayPorts: no binds remote forwards to loopback, yes to every interface. */
    public enum GatewayPorts {
        NO, YES, CLIENTSPECIFIED;

        public static GatewayPorts parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "no" -> NO;
                case "yes" -> YES;
                case "clientspecified" -> CLIENTSPECIFIED;
                default -> throw new IllegalArgumentException("bad GatewayPorts: " + s);
            };
        }
    }

    public ForwardingPolicy {
        permitOpen = List.copyOf(permitOpen);
        permitListen = List.copyOf(permitListen);
        java.util.Objects.requireNonNull(x11);
    }

    /** Nothing may be forwarded (the library's default). */
    public static ForwardingPolicy disabled() {
        return new ForwardingPolicy(Allow.NO, GatewayPorts.NO, List.of("none"), List.of("none"), Allow.NO, false, X11.DISABLED);
    }

    /** sshd's defaults: everything allowed but X11, remote forwards on loopback only. */
    public static ForwardingPolicy openSshDefaults() {
        return new ForwardingPolicy(Allow.ALL, GatewayPorts.NO, List.of("any"), List.of("any"), Allow.ALL);
    }

    /** Whether a direct-tcpip to {@code host:port} is allowed. */
    public boolean permitsOpen(String host, int port) {
        if (!allowTcpForwarding.local()) return false;
        for (String e : permitOpen) {
            if (e.equalsIgnoreCase("any")) return true;
            if (e.equalsIgnoreCase("none")) return false;
            HostPort hp = HostPort.parse(e);
            if (hp != null && hp.matchesHost(host) && hp.matchesPort(port)) return true;
        }
        return false;
    }

    /** Whether a tcpip-forward listener on {@code host:port} (port 0: any free port) is allowed. */
    public boolean permitsListen(String host, int port) {
        if (!allowTcpForwarding.remote()) return false;
        for (String e : permitListen) {
            if (e.equalsIgnoreCase("any")) return true;
            if (e.equalsIgnoreCase("none")) return false;
            HostPort hp = e.indexOf(':') < 0 ? new HostPort("*", e) : HostPort.parse(e);
            if (hp == null || !hp.matchesListenHost(host == null || host.isEmpty() ? "*" : host)) continue;
            if (hp.port.equals("*") || (port != 0 && hp.matchesPort(port))) return true;
        }
        return false;
    }

    public boolean permitsStreamLocalOpen() {
        return allowStreamLocalForwarding.local();
    }

    public boolean permitsStreamLocalListen() {
        return allowStreamLocalForwarding.remote();
    }

    /** One {@code host:port} pattern; host may be {@code [v6]}. */
    private record HostPort(String host, String port) {
        static HostPort parse(String e) {
            int colon = e.lastIndexOf(':');
            if (colon <= 0) return null;
            String h = e.substring(0, colon);
            if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
            return new HostPort(h, e.substring(colon + 1));
        }

        boolean matchesHost(String h) {
            return host.equals("*") || host.equalsIgnoreCase(h);
        }

        /** PermitListen hosts are patterns (sshd_config(5): ssh_config's PATTERNS). */
        boolean matchesListenHost(String h) {
            return Patterns.glob(h.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT));
        }

        boolean matchesPort(int p) {
            if (port.equals("*")) return true;
            try {
                return Integer.parseInt(port) == p;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }
}

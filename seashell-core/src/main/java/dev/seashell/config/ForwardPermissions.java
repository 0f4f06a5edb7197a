package dev.seashell.config;

import java.util.List;

/** sshd_config's PermitOpen and PermitListen lines: checked and normalised as sshd's servconf.c does. */
final class ForwardPermissions {
    private ForwardPermissions() {}

    /** {@code any} or {@code none} alone, else {@code host:port} entries (PermitListen also a bare port). */
    static void validate(ConfigLine l) throws ConfigException {
        List<String> args = l.args();
        boolean listen = l.key().equals("permitlisten");
        String first = args.getFirst();
        if (first.equals("any") || first.equals("none")) {
            if (args.size() > 1) throw Values.extra(l);
            return;
        }
        for (String a : listen ? listenEntries(args) : args) {
            String port = portOf(a);
            if (port == null || !validPort(port)) {
                throw new ConfigException(l.where() + ": " + l.keyword() + " bad port number");
            }
        }
    }

    /** PermitListen's bare {@code port} entries become {@code *:port}. */
    static List<String> listenEntries(List<String> args) {
        if (args.size() == 1 && (args.getFirst().equals("any") || args.getFirst().equals("none"))) return args;
        return args.stream().map(a -> a.indexOf(':') < 0 ? "*:" + a : a).toList();
    }

    /** The port part of {@code host:port} or {@code [v6]:port}; null when there is none. */
    private static String portOf(String e) {
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            return close < 0 || close + 1 >= e.length() || e.charAt(close + 1) != ':' ? null : e.substring(close + 2);
        }
        int colon = e.indexOf(':');
        return colon < 0 ? null : e.substring(colon + 1);
    }

    private static boolean validPort(String p) {
        if (p.equals("*")) return true;
        if (!p.matches("\\d{1,5}")) return false;
        int n = Integer.parseInt(p);
        return n > 0 && n <= 65535;
    }
}

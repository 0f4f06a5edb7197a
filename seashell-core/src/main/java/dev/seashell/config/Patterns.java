package dev.seashell.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** OpenSSH's pattern matching (match.c, addrmatch.c): globs, negatable comma lists, CIDR lists. */
public final class Patterns {
    private Patterns() {}

    /** Glob match with {@code *} and {@code ?}, case-sensitive. */
    public static boolean glob(String s, String pattern) {
        return glob(s, 0, pattern, 0);
    }

    private static boolean glob(String s, int si, String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (glob(s, k, p, pi)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            si++;
            pi++;
        }
        return si == s.length();
    }

    /**
     * match_pattern_list: comma-separated patterns, {@code !} negates; a negated match wins.
     * Returns 1 for a match, -1 for a negated match, 0 otherwise.
     */
    public static int list(String s, String patterns, boolean ignoreCase) {
        String subject = ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
        int result = 0;
        for (String raw : patterns.split(",", -1)) {
            boolean negated = raw.startsWith("!");
            String p = negated ? raw.substring(1) : raw;
            if (ignoreCase) {
                p = p.toLowerCase(Locale.ROOT);
            }
            if (glob(subject, p)) {
                if (negated) {
                    return -1;
                }
                result = 1;
            }
        }
        return result;
    }

    /** True when {@link #list} is a positive match. */
    public static boolean matches(String s, String patterns, boolean ignoreCase) {
        return s != null && list(s, patterns, ignoreCase) == 1;
    }

    /**
     * addr_match_list: entries are CIDR blocks or wildcard patterns, optionally negated.
     * Returns 1 on match, -1 on negated match, 0 on no match.
     *
     * @throws IllegalArgumentException for a malformed CIDR entry
     */
    public static int addressList(String addr, String patterns) {
        int result = 0;
        InetAddress parsed = literal(addr);
        for (String raw : patterns.split(",", -1)) {
            boolean negated = raw.startsWith("!");
            String p = negated ? raw.substring(1) : raw;
            boolean hit;
            int slash = p.indexOf('/');
            if (slash >= 0) {
                hit = parsed != null && cidr(parsed, p, slash);
            } else if (p.indexOf('*') >= 0 || p.indexOf('?') >= 0 || literal(p) == null) {
                hit = glob(addr.toLowerCase(Locale.ROOT), p.toLowerCase(Locale.ROOT));
            } else {
                hit = parsed != null && parsed.equals(literal(p));
            }
            if (hit) {
                if (negated) {
                    return -1;
                }
                result = 1;
            }
        }
        return result;
    }

    private static boolean cidr(InetAddress addr, String p, int slash) {
        InetAddress net = literal(p.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(p.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid CIDR " + p);
        }
        if (net == null || bits < 0 || bits > net.getAddress().length * 8) {
            throw new IllegalArgumentException("invalid CIDR " + p);
        }
        byte[] a = addr.getAddress();
        byte[] n = net.getAddress();
        boolean same = a.length == n.length;
        for (int i = 0; i < n.length; i++) {
            int keep = Math.clamp(bits - i * 8L, 0, 8);
            int mask = (0xff << (8 - keep)) & 0xff;
            if ((n[i] & ~mask & 0xff) != 0) {
                throw new IllegalArgumentException("invalid CIDR " + p); // host bits set, as OpenSSH rejects
            }
            same &= a.length == n.length && (a[i] & mask) == (n[i] & mask);
        }
        return same;
    }

    /** Parses an IPv4/IPv6 literal without DNS; null if not a literal. */
    static InetAddress literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean v4 = s.chars().allMatch(ch -> ch == '.' || Character.isDigit(ch)) && s.chars().filter(ch -> ch == '.').count() == 3;
        boolean v6 = s.indexOf(':') >= 0 && s.chars().allMatch(ch -> ch == ':' || ch == '.' || Character.digit(ch, 16) >= 0);
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

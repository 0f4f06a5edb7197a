package dev.seashell.cli;

/**
 * A remote operand of sftp or scp: {@code [user@]host[:path]} or {@code sftp://} / {@code scp://}
 * {@code [user@]host[:port][/path]}. {@code path} is null when none was given; {@code port} is -1
 * unless the URI named one.
 */
record RemoteSpec(String user, String host, int port, String path) {

    /** sftp's destination: always remote. */
    static RemoteSpec parseSftp(String s) {
        if (s.startsWith("sftp://")) return uri(s, "sftp://");
        RemoteSpec r = colon(s);
        if (r != null) return r;
        Destination d = Destination.parse(s);
        return new RemoteSpec(d.user(), d.host(), -1, null);
    }

    /** scp's operand: null when it names a local file. */
    static RemoteSpec parseScp(String s) {
        if (s.startsWith("scp://")) return uri(s, "scp://");
        return colon(s);
    }

    /** The {@code host:path} form, as OpenSSH's colon() decides: a ':' before any '/', {@code [v6]} brackets allowed. */
    private static RemoteSpec colon(String s) {
        if (s.startsWith(":")) return null;
        int at = -1;
        int i = 0;
        boolean bracket = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '@' && !bracket) at = i;
            else if (c == '[' && (i == 0 || i == at + 1)) bracket = true;
            else if (c == ']') bracket = false;
            else if (c == ':' && !bracket) break;
            else if (c == '/' && !bracket) return null;
        }
        if (i >= s.length()) return null;
        String user = at > 0 ? s.substring(0, at) : null;
        String host = s.substring(at + 1, i);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty()) return null;
        return new RemoteSpec(user, host, -1, s.substring(i + 1));
    }

    private static RemoteSpec uri(String s, String scheme) {
        String rest = s.substring(scheme.length());
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
            if (path.startsWith("~/")) path = path.substring(2);
            else if (path.equals("~")) path = "";
            else if (!path.isEmpty()) path = "/" + path;
            path = decode(path);
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = decode(rest.substring(0, at));
            int semi = user.indexOf(';'); // ";fingerprint=" connection parameters are not supported: drop them
            if (semi >= 0) user = user.substring(0, semi);
            rest = rest.substring(at + 1);
        }
        int port = -1;
        String host = rest;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("invalid URI " + s);
            host = rest.substring(1, close);
            if (rest.startsWith(":", close + 1)) port = port(rest.substring(close + 2), s);
        } else if (rest.contains(":")) {
            host = rest.substring(0, rest.indexOf(':'));
            port = port(rest.substring(rest.indexOf(':') + 1), s);
        }
        if (host.isEmpty()) throw new IllegalArgumentException("invalid URI " + s);
        return new RemoteSpec(user == null || user.isEmpty() ? null : user, host, port, path);
    }

    private static int port(String p, String uri) {
        try {
            int n = Integer.parseInt(p);
            if (n > 0 && n < 65536) return n;
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("invalid port in URI " + uri);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Connection identity: operands with equal keys share one connection. */
    String connectionKey() {
        return (user == null ? "" : user) + "@" + host + ":" + port;
    }
}

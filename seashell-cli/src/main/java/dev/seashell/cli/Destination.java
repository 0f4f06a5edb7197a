package dev.seashell.cli;

/** ssh's destination: {@code [user@]host} or {@code ssh://[user@]host[:port]}. */
record Destination(String user, String host, int port) {
    static Destination parse(String s) {
        String user = null;
        int port = -1;
        String rest = s;
        boolean uri = s.startsWith("ssh://");
        if (uri) rest = s.substring(6);
        if (uri && rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        if (uri) {
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) throw new IllegalArgumentException("invalid URI " + s);
                String after = rest.substring(close + 1);
                rest = rest.substring(1, close);
                if (after.startsWith(":")) port = Integer.parseInt(after.substring(1));
            } else if (rest.contains(":")) {
                port = Integer.parseInt(rest.substring(rest.indexOf(':') + 1));
                rest = rest.substring(0, rest.indexOf(':'));
            }
        }
        if (rest.isEmpty()) throw new IllegalArgumentException("Invalid destination: " + s);
        return new Destination(user == null || user.isEmpty() ? null : user, rest, port);
    }
}

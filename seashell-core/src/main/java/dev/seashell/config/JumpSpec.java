package dev.seashell.config;

/**
 * One ProxyJump entry: {@code [user@]host[:port]}, {@code [user@][addr]:port} or
 * {@code ssh://[user@]host[:port]}; {@code user} is null and {@code port} -1 when not given.
 */
record JumpSpec(String user, String host, int port) {
    /** @throws ConfigException with OpenSSH's "Invalid ProxyJump" wording */
    static JumpSpec parse(String s) throws ConfigException {
        try {
            boolean uri = s.startsWith("ssh://");
            String rest = uri ? s.substring(6) : s;
            if (uri && rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
            String user = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                user = rest.substring(0, at);
                rest = rest.substring(at + 1);
                if (uri && user.isEmpty()) user = null;
            }
            int port = -1;
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) throw new IllegalArgumentException(s);
                if (rest.startsWith(":", close + 1)) port = Integer.parseInt(rest.substring(close + 2));
                rest = rest.substring(1, close);
            } else if (rest.indexOf(':') >= 0 && (uri || rest.indexOf(':') == rest.lastIndexOf(':'))) {
                port = Integer.parseInt(rest.substring(rest.indexOf(':') + 1));
                rest = rest.substring(0, rest.indexOf(':'));
            }
            if (rest.isEmpty() || (user != null && user.isEmpty()) || port == 0 || port > 65535) {
                throw new IllegalArgumentException(s);
            }
            return new JumpSpec(user, rest, port);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ssh: Invalid ProxyJump \"" + s + "\"", e);
        }
    }
}

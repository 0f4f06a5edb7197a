package dev.seashell.config;

/**
 * A LocalForward, RemoteForward or DynamicForward. Either host/port or a Unix socket path is set
 * on each side; {@code listenHost} null means the default bind address; a forward without a
 * connect side (DynamicForward, single-argument RemoteForward) has null connectHost and connectPath.
 */
public record Forward(String listenHost, int listenPort, String listenPath,
        String connectHost, int connectPort, String connectPath) {

    /** Parses the listen side {@code [bind_address:]port} or a socket path; null when malformed. */
    public static Forward parse(String listen, String connect) {
        String lh = null;
        int lp = 0;
        String lpath = null;
        if (listen.indexOf('/') >= 0) {
            lpath = listen;
        } else {
            String[] hp = hostPort(listen, true);
            if (hp == null) {
                return null;
            }
            lh = hp[0];
            lp = Integer.parseInt(hp[1]);
        }
        if (connect == null) {
            return new Forward(lh, lp, lpath, null, 0, null);
        }
        if (connect.indexOf('/') >= 0 && connect.indexOf(':') < 0) {
            return new Forward(lh, lp, lpath, null, 0, connect);
        }
        String[] hp = hostPort(connect, false);
        if (hp == null || hp[0] == null) {
            return null;
        }
        return new Forward(lh, lp, lpath, hp[0], Integer.parseInt(hp[1]), null);
    }

    /** {@code [host]:port}, {@code host:port} or (if allowed) {@code port}; the port must be numeric. */
    private static String[] hostPort(String s, boolean portOnlyOk) {
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return null;
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                if (!portOnlyOk) {
                    return null;
                }
                host = null;
                port = s;
            } else {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    return null;
                }
            }
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)
                || Integer.parseInt(port) > 65535) {
            return null;
        }
        return new String[] {host == null || host.isEmpty() ? null : host, port};
    }

    /** The {@code ssh -G} rendering of one side. */
    String listenSpec() {
        if (listenPath != null) {
            return listenPath;
        }
        return listenHost == null ? Integer.toString(listenPort) : "[" + listenHost + "]:" + listenPort;
    }

    String connectSpec() {
        if (connectPath != null) {
            return connectPath;
        }
        return connectHost == null ? null : "[" + connectHost + "]:" + connectPort;
    }
}

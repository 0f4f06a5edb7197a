package dev.seashell.forwarding;

import java.nio.file.Path;
import java.util.Objects;

/** Where a forward listens or connects: a TCP host and port, or a Unix-domain socket path. */
public sealed interface Endpoint {
    /**
     * A TCP endpoint. As a listen address, a null, empty or {@code "*"} host means every interface
     * and {@code "localhost"} the loopback interface; port 0 lets the system pick.
     */
    record Tcp(String host, int port) implements Endpoint {
        public Tcp {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        }

        /** True for a listen host meaning "every interface". */
        public boolean isWildcard() {
            return host == null || host.isEmpty() || host.equals("*");
        }

        @Override
        public String toString() {
            String h = host == null ? "*" : host;
            return (h.indexOf(':') >= 0 ? "[" + h + "]" : h) + ":" + port;
        }
    }

    /** A Unix-domain socket path (OpenSSH's "streamlocal"). */
    record Unix(String path) implements Endpoint {
        public Unix {
            Objects.requireNonNull(path);
            if (path.isEmpty()) throw new IllegalArgumentException("empty socket path");
        }

        public Path asPath() {
            return Path.of(path);
        }

        @Override
        public String toString() {
            return path;
        }
    }

    static Tcp tcp(String host, int port) {
        return new Tcp(host, port);
    }

    static Unix unix(String path) {
        return new Unix(path);
    }
}

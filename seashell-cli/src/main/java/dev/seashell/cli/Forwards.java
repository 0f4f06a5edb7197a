package dev.seashell.cli;

import dev.seashell.client.SshClient;
import dev.seashell.config.Forward;
import dev.seashell.config.SshHostConfig;
import dev.seashell.forwarding.Endpoint;
import dev.seashell.forwarding.ForwardingClient;
import dev.seashell.forwarding.RemoteForward;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** ssh's -L, -R and -D (and their ssh_config forms), set up once the connection is authenticated. */
final class Forwards {
    private Forwards() {}

    /**
     * Turns ssh's colon-separated -L/-R argument into the two ssh_config words ("listen connect"),
     * e.g. {@code 8080:db:5432} → {@code 8080 db:5432}, {@code [::1]:80:h:80} → {@code [::1]:80 h:80}.
     */
    static String toConfigWords(String spec) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int depth = 0;
        for (char c : spec.toCharArray()) {
            if (c == '[') depth++;
            if (c == ']') depth--;
            if (c == ':' && depth == 0) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        // A socket path is one part; a TCP side is [bind:]port or host:port.
        return switch (parts.size()) {
            case 1 -> spec;                                           // -R port (SOCKS), or a bare path
            case 2 -> parts.get(0) + " " + parts.get(1);              // path:path, port:path
            case 3 -> isPath(parts.get(0)) ? parts.get(0) + " " + parts.get(1) + ":" + parts.get(2)
                    : isPath(parts.get(2)) ? parts.get(0) + ":" + parts.get(1) + " " + parts.get(2)
                    : parts.get(0) + " " + parts.get(1) + ":" + parts.get(2);
            default -> parts.get(0) + ":" + parts.get(1) + " " + String.join(":", parts.subList(2, parts.size()));
        };
    }

    private static boolean isPath(String s) {
        return s.indexOf('/') >= 0;
    }

    /** Opens every configured forward; with ExitOnForwardFailure a failure is fatal (an IOException with ssh's text). */
    static List<AutoCloseable> start(SshClient client, SshHostConfig host, java.util.function.Consumer<String> debug) throws IOException {
        ForwardingClient fwd = client.forwarding();
        List<AutoCloseable> open = new ArrayList<>();
        boolean strict = host.exitOnForwardFailure();
        for (Forward f : host.localForwards()) {
            try {
                open.add(fwd.local(listen(f, host), connect(f)));
                debug.accept("Local connections to " + listen(f, host) + " forwarded to remote address " + connect(f));
            } catch (IOException e) {
                System.err.println("bind " + listen(f, host) + ": " + e.getMessage());
                System.err.println("channel_setup_fwd_listener_tcpip: cannot listen to port: " + f.listenPort());
                System.err.println("Could not request local forwarding.");
                if (strict) throw new IOException("Could not request local forwarding.", e);
            }
        }
        for (Forward f : host.dynamicForwards()) {
            try {
                open.add(fwd.dynamic(listen(f, host)));
            } catch (IOException e) {
                System.err.println("bind " + listen(f, host) + ": " + e.getMessage());
                System.err.println("Could not request local forwarding.");
                if (strict) throw new IOException("Could not request local forwarding.", e);
            }
        }
        for (Forward f : host.remoteForwards()) {
            try {
                Endpoint target = f.connectHost() == null && f.connectPath() == null ? null : connect(f);
                RemoteForward r = target == null && remoteListen(f) instanceof Endpoint.Tcp t
                        ? fwd.remoteDynamic(t) : fwd.remote(remoteListen(f), target);
                open.add(r);
                if (f.listenPath() == null && f.listenPort() == 0) {
                    System.err.println("Allocated port " + r.allocatedPort() + " for remote forward to "
                            + (target == null ? "SOCKS" : target));
                }
            } catch (IOException e) {
                String port = f.listenPath() != null ? f.listenPath() : String.valueOf(f.listenPort());
                if (strict) {
                    System.err.println("Error: remote port forwarding failed for listen port " + port);
                    throw new IOException("remote port forwarding failed", e);
                }
                System.err.println("Warning: remote port forwarding failed for listen port " + port);
            }
        }
        return open;
    }

    private static Endpoint listen(Forward f, SshHostConfig host) {
        if (f.listenPath() != null) return new Endpoint.Unix(f.listenPath());
        String bind = f.listenHost();
        if (bind == null) bind = host.gatewayPorts() ? "*" : "localhost";
        return new Endpoint.Tcp(bind, f.listenPort());
    }

    private static Endpoint remoteListen(Forward f) {
        if (f.listenPath() != null) return new Endpoint.Unix(f.listenPath());
        return new Endpoint.Tcp(f.listenHost() == null ? "localhost" : f.listenHost(), f.listenPort());
    }

    private static Endpoint connect(Forward f) {
        if (f.connectPath() != null) return new Endpoint.Unix(f.connectPath());
        return new Endpoint.Tcp(f.connectHost(), f.connectPort());
    }
}

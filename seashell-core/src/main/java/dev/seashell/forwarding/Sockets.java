package dev.seashell.forwarding;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;

/** Connecting and binding the local ends of forwards, TCP or Unix-domain. */
final class Sockets {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final int BACKLOG = 128;

    private Sockets() {}

    /** Connects to an endpoint, trying every address of a TCP host in turn. */
    static SocketChannel connect(Endpoint target, Duration timeout) throws IOException {
        return switch (target) {
            case Endpoint.Unix u -> {
                SocketChannel sc = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    sc.connect(UnixDomainSocketAddress.of(u.path()));
                    yield sc;
                } catch (IOException | RuntimeException e) {
                    sc.close();
                    throw e;
                }
            }
            case Endpoint.Tcp t -> {
                IOException last = null;
                for (InetAddress a : InetAddress.getAllByName(t.host())) {
                    SocketChannel sc = SocketChannel.open();
                    try {
                        sc.socket().connect(new InetSocketAddress(a, t.port()), (int) timeout.toMillis());
                        sc.socket().setTcpNoDelay(true);
                        yield sc;
                    } catch (IOException e) {
                        sc.close();
                        last = e;
                    }
                }
                throw last != null ? last : new IOException("no address for " + t.host());
            }
        };
    }

    /**
     * Binds a listener. A TCP host that is wildcard binds every interface, {@code "localhost"} the
     * loopback address; a Unix path must not exist yet.
     */
    static ServerSocketChannel listen(Endpoint bind) throws IOException {
        return switch (bind) {
            case Endpoint.Unix u -> {
                if (Files.exists(u.asPath())) throw new IOException(u.path() + ": socket path already exists");
                ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    ss.bind(UnixDomainSocketAddress.of(u.path()), BACKLOG);
                    yield ss;
                } catch (IOException | RuntimeException e) {
                    ss.close();
                    throw e;
                }
            }
            case Endpoint.Tcp t -> {
                ServerSocketChannel ss = ServerSocketChannel.open();
                try {
                    ss.socket().setReuseAddress(true);
                    ss.bind(new InetSocketAddress(bindAddress(t.host()), t.port()), BACKLOG);
                    yield ss;
                } catch (IOException | RuntimeException e) {
                    ss.close();
                    throw e;
                }
            }
        };
    }

    /** null for wildcard (dual-stack any address). */
    static InetAddress bindAddress(String host) throws IOException {
        if (host == null || host.isEmpty() || host.equals("*")) return null;
        if (host.equalsIgnoreCase("localhost")) return InetAddress.getLoopbackAddress();
        return InetAddress.getByName(host);
    }

    static int localPort(ServerSocketChannel ss) {
        return ss.socket().getLocalPort();
    }

    /** Host and port of a connected TCP peer, or ("", 0) for a Unix socket. */
    static InetSocketAddress remote(SocketChannel sc) {
        try {
            if (sc.getRemoteAddress() instanceof InetSocketAddress a) return a;
        } catch (IOException ignored) {
            // closed meanwhile
        }
        return InetSocketAddress.createUnresolved("", 0);
    }

    static String hostString(InetSocketAddress a) {
        return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    /** Removes a Unix socket file we created. */
    static void unlink(Endpoint e) {
        if (e instanceof Endpoint.Unix u) {
            try {
                Files.deleteIfExists(u.asPath());
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}

package dev.seashell.client;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ConnectionConfig;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.transport.HostKeyVerifier;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An authenticated client connection: the transport, its reader thread, and the connection layer.
 *
 * <pre>{@code
 * try (SshClient c = SshClient.connect("host", 22, transportConfig, verifier, authOptions)) {
 *     SshClient.ExecResult r = c.exec("uname -a", Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class SshClient implements AutoCloseable {
    private final Transport transport;
    private final ConnectionLayer connection;
    private final Thread reader;
    private volatile Throwable failure;

    private SshClient(Transport transport) {
        this.transport = transport;
        this.connection = new ConnectionLayer(transport::send, ConnectionConfig.defaults());
        // One virtual reader per connection: an application may hold thousands of connections, and a
        // platform thread each would cost more than the poller hand-off it saves per read.
        this.reader = Thread.ofVirtual().name("seashell-client-reader").start(this::readLoop);
    }

    /** What a client connection needs besides the address. */
    public record Options(TransportConfig transport, HostKeyVerifier hostKeys, ClientUserAuth.Options auth,
                          Duration connectTimeout, Consumer<String> banner, Consumer<String> debug) {
        /** Checks the required parts; a null {@code banner} or {@code debug} discards those lines. */
        public Options {
            Objects.requireNonNull(transport);
            Objects.requireNonNull(hostKeys, "a host key verifier is required");
            Objects.requireNonNull(auth);
            if (banner == null) banner = s -> { };
            if (debug == null) debug = s -> { };
        }
    }

    /** Starts setting up a connection to {@code host}:{@code port} (known_hosts checked by default). */
    public static ClientBuilder builder(String host, int port) {
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        return new ClientBuilder(host, port);
    }

    /**
     * Starts setting up a connection to {@code host}, an ssh_config alias when followed by
     * {@link ClientBuilder#useSshConfig()} or {@link ClientBuilder#config(java.nio.file.Path)}; the port is
     * then ssh_config's Port, else 22.
     */
    public static ClientBuilder builder(String host) {
        return new ClientBuilder(host, -1);
    }

    /**
     * Opens a TCP connection, runs the handshake and authenticates.
     *
     * @throws HostKeyMismatchException the server's host key differs from the recorded one (from the verifier)
     * @throws dev.seashell.auth.AuthenticationFailedException no method succeeded; says which could continue
     * @throws PeerDisconnectedException the server disconnected, with its reason code
     * @throws IOException the connection or the handshake failed otherwise
     */
    public static SshClient connect(String host, int port, Options options) throws IOException {
        return connect(host, port, null, options);
    }

    /** As {@link #connect(String, int, Options)}, from a chosen local address (ssh -b, BindAddress). */
    public static SshClient connect(String host, int port, java.net.InetAddress bindAddress, Options options) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (bindAddress != null) socket.bind(new InetSocketAddress(bindAddress, 0));
            int timeout = options.connectTimeout() == null ? 0 : (int) options.connectTimeout().toMillis();
            socket.connect(new InetSocketAddress(host, port), timeout);
            options.debug().accept("Connection established.");
            return over(socket.getInputStream(), socket.getOutputStream(), socket, options);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Runs SSH over an existing stream pair (a ProxyCommand, a test pipe). */
    public static SshClient over(InputStream in, OutputStream out, AutoCloseable closer, Options options) throws IOException {
        Transport t = Transport.client(in, out, closer, options.transport(), options.hostKeys());
        try {
            t.handshake();
            options.debug().accept("Remote protocol version 2.0, remote software version "
                    + t.peerVersion().substring(t.peerVersion().indexOf('-', 4) + 1));
            options.debug().accept("kex: " + t.negotiated().describe());
            options.debug().accept("Server host key: " + t.hostKey().keyType() + " " + dev.seashell.keys.Fingerprints.sha256(t.hostKey()));
            new ClientUserAuth(t, options.auth(), options.banner(), options.debug()).run();
            options.debug().accept("Authentication succeeded.");
            return new SshClient(t);
        } catch (SshProtocolException e) {
            t.disconnect(e.reason(), e.getMessage());
            throw e;
        } catch (PeerDisconnectedException e) {
            t.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            t.disconnect(DisconnectReason.BY_APPLICATION, "disconnected by user");
            throw e;
        }
    }

    private void readLoop() {
        Throwable cause = null;
        try {
            while (true) {
                // The transport's MessagePolicy lets only connection-protocol messages through now.
                if (!connection.handle(transport.readPacket())) transport.sendUnimplemented();
            }
        } catch (SshProtocolException e) {
            cause = e;
            transport.disconnect(e.reason(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            cause = e;
        } finally {
            failure = cause;
            connection.transportClosed(cause);
            transport.close();
        }
    }

    /** The transport layer: negotiated algorithms, the server's host key, session id, re-keying. */
    public Transport transport() {
        return transport;
    }

    /** The connection layer, for channel types and global requests beyond the shortcuts here. */
    public ConnectionLayer connection() {
        return connection;
    }

    /** Blocks until the connection ends (the server closes it, or it fails). */
    public void awaitClose() throws java.io.InterruptedIOException {
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
    }

    /** Why the connection ended, if it did. */
    public Throwable failure() {
        return failure;
    }

    /**
     * ServerAliveInterval / ServerAliveCountMax: probes a silent server; after {@code countMax}
     * unanswered probes runs {@code onTimeout} and closes the connection.
     */
    public void startKeepalive(Duration interval, int countMax, Runnable onTimeout) {
        keepalive = dev.seashell.connection.Keepalive.start(transport::send, transport::lastReadNanos, interval, countMax, () -> {
            onTimeout.run();
            transport.disconnect(DisconnectReason.BY_APPLICATION, "Timeout, server not responding");
        });
    }

    private volatile dev.seashell.connection.Keepalive keepalive;

    private dev.seashell.forwarding.ForwardingClient forwarding;

    /**
     * The connection's one forwarding client (-L, -R, -D, -W): it owns the handlers for the server's
     * forwarded channels, so everything that forwards on this connection must share it.
     */
    public synchronized dev.seashell.forwarding.ForwardingClient forwarding() {
        if (forwarding == null) forwarding = new dev.seashell.forwarding.ForwardingClient(connection, line -> System.err.println(line));
        return forwarding;
    }

    /** {@code ssh -L localPort:host:port} on the loopback interface (port 0: any free port); close to stop. */
    public dev.seashell.forwarding.LocalForward forwardLocal(int localPort, String host, int port) throws IOException {
        return forwarding().local(new dev.seashell.forwarding.Endpoint.Tcp("localhost", localPort),
                new dev.seashell.forwarding.Endpoint.Tcp(host, port));
    }

    /** {@code ssh -R remotePort:host:port} on the server's loopback interface (port 0: the server picks); close to cancel. */
    public dev.seashell.forwarding.RemoteForward forwardRemote(int remotePort, String host, int port) throws IOException {
        return forwarding().remote(new dev.seashell.forwarding.Endpoint.Tcp("localhost", remotePort),
                new dev.seashell.forwarding.Endpoint.Tcp(host, port));
    }

    /** Opens a session channel. */
    public ClientSession openSession() throws IOException {
        return ClientSession.open(connection);
    }

    /** The output and exit status of one command. */
    public record ExecResult(int exitStatus, byte[] stdout, byte[] stderr) {
        /** Standard output decoded as UTF-8. */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Standard error decoded as UTF-8. */
        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    /** Runs a command with empty stdin and collects its output; -1 as status if none was sent. */
    public ExecResult exec(String command, Duration timeout) throws IOException {
        try (ClientSession s = openSession()) {
            s.exec(command);
            s.stdin().close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errPump = Thread.ofVirtual().start(() -> {
                try {
                    s.stderr().transferTo(err);
                } catch (IOException ignored) {
                    // the channel closed
                }
            });
            byte[] out = s.stdout().readAllBytes();
            try {
                errPump.join(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
            int status = s.exitStatus(timeout).orElse(-1);
            return new ExecResult(status, out, err.toByteArray());
        }
    }

    /** Disconnects (BY_APPLICATION) and waits up to five seconds for the reader thread to end. */
    @Override
    public void close() {
        if (keepalive != null) keepalive.close();
        transport.disconnect(DisconnectReason.BY_APPLICATION, "disconnected by user");
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.seashell.agent;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * An SSH agent listening on a Unix domain socket. Each client connection is served on its own
 * virtual thread; peers running as another user (other than root) are refused, as ssh-agent does.
 *
 * <pre>{@code
 * try (AgentServer agent = AgentServer.start(AgentServer.privateSocketPath(), AgentServer.Options.defaults())) {
 *     // export SSH_AUTH_SOCK=agent.socket()
 * }
 * }</pre>
 *
 * <p>Limits: keys with constraint extensions (restrict-destination-v00@openssh.com, associated
 * certs) are refused, smartcard (PKCS#11) requests fail, and keys with the confirm constraint are
 * usable only if the {@link Confirmer} allows it (by default: $SSH_ASKPASS, else refused).
 */
public final class AgentServer implements AutoCloseable {
    /**
     * @param defaultLifetime lifetime of keys added without one (ssh-agent -t); null for none
     * @param refuseForwardedSigning refuse signatures on a connection whose last session-bind was for forwarding
     */
    public record Options(Duration defaultLifetime, Confirmer confirmer, boolean refuseForwardedSigning,
                          Consumer<String> debug, Clock clock) {
        public Options {
            Objects.requireNonNull(confirmer);
            if (debug == null) debug = s -> { };
            if (clock == null) clock = Clock.systemUTC();
        }

        public static Options defaults() {
            return new Options(null, Confirmer.askpass(), false, null, null);
        }

        public Options withDefaultLifetime(Duration d) {
            return new Options(d, confirmer, refuseForwardedSigning, debug, clock);
        }

        public Options withDebug(Consumer<String> d) {
            return new Options(defaultLifetime, confirmer, refuseForwardedSigning, d, clock);
        }

        public Options withConfirmer(Confirmer c) {
            return new Options(defaultLifetime, c, refuseForwardedSigning, debug, clock);
        }
    }

    private final Path socket;
    private final Path ownedDirectory;
    private final ServerSocketChannel listener;
    private final Keyring keyring;
    private final Options options;
    private final UserPrincipal owner;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread acceptor;

    private AgentServer(Path socket, Path ownedDirectory, ServerSocketChannel listener, Options options) throws IOException {
        this.socket = socket;
        this.ownedDirectory = ownedDirectory;
        this.listener = listener;
        this.options = options;
        this.keyring = new Keyring(options.clock());
        this.owner = Files.getOwner(socket);
        this.acceptor = Thread.ofVirtual().name("agent-accept").start(this::acceptLoop);
    }

    /**
     * A fresh path like ssh-agent's {@code /tmp/ssh-XXXXXXXX/agent.PID}: the directory is created
     * here with mode 0700 and removed when a server bound in it closes.
     */
    public static Path privateSocketPath() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        Path dir = Files.createTempDirectory(tmp, "ssh-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir.resolve("agent." + ProcessHandle.current().pid());
    }

    /**
     * Binds the socket (mode 0600) and starts serving. If its directory's name starts with
     * "ssh-" and it is private to us (0700), the directory is removed on close along with the socket.
     */
    public static AgentServer start(Path socket, Options options) throws IOException {
        if (Files.exists(socket)) throw new FileAlreadyExistsException(socket.toString(), null, "bind: Address already in use");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            Path dir = socket.toAbsolutePath().getParent();
            boolean ownDir = dir != null && dir.getFileName().toString().startsWith("ssh-")
                    && Files.getPosixFilePermissions(dir).equals(PosixFilePermissions.fromString("rwx------"));
            return new AgentServer(socket, ownDir ? dir : null, ch, options);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(socket);
            throw e;
        }
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel c = listener.accept();
                if (!permitted(c)) {
                    c.close();
                    continue;
                }
                clients.add(c);
                Thread.ofVirtual().name("agent-client").start(() -> serve(c));
            }
        } catch (ClosedChannelException e) {
            // closed
        } catch (IOException e) {
            options.debug().accept("accept failed: " + e.getMessage());
        }
    }

    private boolean permitted(SocketChannel c) {
        try {
            UnixDomainPrincipal peer = c.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String name = peer.user().getName();
            if (name.equals(owner.getName()) || name.equals("root")) return true;
            options.debug().accept("refusing connection from user " + name);
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            // No peer credentials on this platform: the 0700 directory and 0600 socket are the guard.
            return true;
        }
    }

    private void serve(SocketChannel c) {
        try (c) {
            new AgentConnection(keyring, options).serve(Channels.newInputStream(c), Channels.newOutputStream(c));
        } catch (IOException e) {
            options.debug().accept("client connection ended: " + e.getMessage());
        } finally {
            clients.remove(c);
        }
    }

    /** Blocks until {@link #close()} has run (from another thread or a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops accepting, drops every client and every key, and removes the socket (and its private directory). */
    @Override
    public void close() {
        if (closed.getCount() == 0) return;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (SocketChannel c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        keyring.clear();
        try {
            Files.deleteIfExists(socket);
            if (ownedDirectory != null) Files.deleteIfExists(ownedDirectory);
        } catch (IOException ignored) {
            // best effort, as ssh-agent's cleanup_socket
        }
        try {
            acceptor.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed.countDown();
    }
}

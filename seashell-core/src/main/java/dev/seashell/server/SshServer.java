package dev.seashell.server;

import dev.seashell.auth.PasswordAuthenticator;
import dev.seashell.auth.PublicKeyAuthenticator;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.forwarding.ForwardingPolicy;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * An SSH server: listens, and serves each connection on a virtual thread of its own.
 *
 * <pre>{@code
 * try (SshServer server = SshServer.builder()
 *         .hostKey(key).publicKeys((user, k, addr) -> allowed(user, k))
 *         .sessions((user, remote, local) -> myHandler)
 *         .port(2222).start()) { ... }
 * }</pre>
 */
public final class SshServer implements AutoCloseable {
    /** Everything a connection needs, fixed when the server starts. */
    record Settings(TransportConfig transport, List<SshKeyPair> hostKeys, ServerAuthConfig auth,
                    Duration loginGraceTime, SessionHandlerFactory sessions,
                    Duration clientAliveInterval, int clientAliveCountMax, int maxSessions,
                    ForwardingPolicy forwarding, AuthForUser authForUser, ForwardingForUser forwardingForUser) {
        /** The forwarding policy for this login: the per-user one, else the global one. */
        ForwardingPolicy forwardingFor(String user, InetSocketAddress remote, InetSocketAddress local) {
            ForwardingPolicy p = forwardingForUser.policyFor(user, remote, local);
            return p == null ? forwarding : p;
        }
    }

    /** The forwarding policy for one user from one address (sshd_config Match); null: the global one. */
    @FunctionalInterface
    public interface ForwardingForUser {
        /** The policy for {@code user} logged in from {@code remote} to {@code local}, or null for the global one. */
        ForwardingPolicy policyFor(String user, InetSocketAddress remote, InetSocketAddress local);
    }

    /** The authentication settings for one user from one address (sshd_config Match); null: the global ones. */
    @FunctionalInterface
    public interface AuthForUser {
        /** The settings for {@code user} connecting from {@code remote} to {@code local}; null for the global ones. */
        ServerAuthConfig configFor(String user, InetSocketAddress remote, InetSocketAddress local);
    }

    /** MaxStartups start:rate:full — random early drop of unauthenticated connections. */
    public record MaxStartups(int start, int rate, int full) {
        public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

        /** Whether to drop a new connection when {@code pending} are already unauthenticated. */
        boolean drop(int pending, java.util.random.RandomGenerator random) {
            if (pending >= full) return true;
            if (pending < start) return false;
            double p = rate + (100.0 - rate) * (pending - start) / Math.max(1, full - start);
            return random.nextDouble() * 100 < p;
        }
    }

    private final MaxStartups maxStartups;
    private final java.util.concurrent.atomic.AtomicInteger unauthenticated = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong connectionCount = new java.util.concurrent.atomic.AtomicLong();

    private final SourcePenalties penalties;
    private final PerSourceStartups perSource;

    /** Called once per connection when it authenticates or ends, whichever comes first. */
    void startupDone(InetSocketAddress remote) {
        unauthenticated.decrementAndGet();
        if (remote != null) perSource.done(remote.getAddress());
    }

    /** A connection from {@code source} ended before authenticating, as {@code kind}. */
    void penalise(InetAddress source, SourcePenalties.Kind kind) {
        penalties.penalise(source, kind);
    }

    /** PerSourcePenalties state, e.g. to ask whether a source is being refused. */
    public SourcePenalties penalties() {
        return penalties;
    }

    /** Connections accepted but not yet authenticated (or ended). */
    public int unauthenticatedConnections() {
        return unauthenticated.get();
    }

    private final Settings settings;
    private final List<InetSocketAddress> listen;
    private final Consumer<String> log;
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seashell-timer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    private SshServer(Builder b) {
        this.settings = new Settings(b.transport, List.copyOf(b.hostKeys), b.auth, b.loginGraceTime, b.sessions,
                b.clientAliveInterval, b.clientAliveCountMax, b.maxSessions, b.forwarding, b.authForUser, b.forwardingForUser);
        this.maxStartups = b.maxStartups;
        this.penalties = b.penalties != null ? b.penalties : new SourcePenalties(SourcePenalties.Policy.DISABLED,
                NetBlock.DEFAULT, null, System::nanoTime, b.log);
        this.perSource = b.perSource;
        this.listen = b.listen.isEmpty()
                ? List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port)) : List.copyOf(b.listen);
        this.log = b.log;
    }

    /** A builder with OpenSSH's defaults; it needs at least a host key and a session handler. */
    public static Builder builder() {
        return new Builder();
    }

    Settings settings() {
        return settings;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void log(String line) {
        log.accept(line);
    }

    /** Binds every listen address and starts accepting. */
    public SshServer start() throws IOException {
        for (InetSocketAddress a : listen) {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(a, 128);
            sockets.add(ss);
            log("Server listening on " + a.getAddress().getHostAddress() + " port " + ss.getLocalPort() + ".");
            Thread.ofVirtual().name("seashell-accept-" + ss.getLocalPort()).start(() -> acceptLoop(ss));
        }
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return sockets.getFirst().getLocalPort();
    }

    private void acceptLoop(ServerSocket ss) {
        while (!closed) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                if (!closed) log("accept: " + e.getMessage());
                return;
            }
            long n = connectionCount.incrementAndGet();
            InetAddress source = s.getInetAddress();
            // Order as sshd's drop_connection(): penalties, then the per-source limit, then MaxStartups.
            String why = penalties.refusal(source).orElse(null);
            if (why == null && !perSource.tryStart(source)) why = "past PerSourceMaxStartups";
            if (why == null && maxStartups.drop(unauthenticated.get(), java.util.concurrent.ThreadLocalRandom.current())) {
                perSource.done(source);
                why = "past MaxStartups";
            }
            if (why != null) {
                drop(s, n, why);
                continue;
            }
            unauthenticated.incrementAndGet();
            Thread.ofVirtual().name("seashell-conn").start(() -> serveSocket(s));
        }
    }

    /** Closes a refused connection before anything is sent: no banner, no version string. */
    private void drop(Socket s, long n, String why) {
        log("drop connection #" + n + " from [" + s.getInetAddress().getHostAddress() + "]:" + s.getPort()
                + " on [" + s.getLocalAddress().getHostAddress() + "]:" + s.getLocalPort() + " " + why);
        try {
            s.setSoLinger(true, 0); // RST: a refused flood leaves no TIME_WAIT or half-open state behind
            s.close();
        } catch (IOException ignored) {
            // dropping anyway
        }
    }

    private void serveSocket(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InetSocketAddress remote = (InetSocketAddress) s.getRemoteSocketAddress();
            log("Connection from " + remote.getAddress().getHostAddress() + " port " + remote.getPort()
                    + " on " + s.getLocalAddress().getHostAddress() + " port " + s.getLocalPort());
            new ServerConnection(this, remote, (InetSocketAddress) s.getLocalSocketAddress())
                    .serve(s.getInputStream(), s.getOutputStream(), s);
        } catch (IOException e) {
            log("connection: " + e.getMessage());
        }
    }

    /** Serves one connection on the given streams (sshd -i); returns when it ends. */
    public void serve(InputStream in, OutputStream out, AutoCloseable closer) {
        unauthenticated.incrementAndGet();
        new ServerConnection(this, null, null).serve(in, out, closer);
    }

    /** Stops accepting connections and closes the listening sockets; established connections run on. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket ss : sockets) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        timer.shutdownNow();
    }

    /** Configures a server; {@link #start()} binds it. */
    public static final class Builder {
        private TransportConfig transport = TransportConfig.serverDefaults();
        private final List<SshKeyPair> hostKeys = new ArrayList<>();
        private ServerAuthConfig auth = ServerAuthConfig.defaults();
        private Duration loginGraceTime = Duration.ofSeconds(120);
        private SessionHandlerFactory sessions;
        private final List<InetSocketAddress> listen = new ArrayList<>();
        private int port = 22;
        private Consumer<String> log = line -> { };
        private Duration clientAliveInterval = Duration.ZERO;
        private int clientAliveCountMax = 3;
        private int maxSessions = 10;
        private AuthForUser authForUser = (user, remote, local) -> null;
        private MaxStartups maxStartups = MaxStartups.DEFAULT;
        private ForwardingPolicy forwarding = ForwardingPolicy.disabled();
        private ForwardingForUser forwardingForUser = (user, remote, local) -> null;
        private SourcePenalties penalties;

        private Builder() {}
        private PerSourceStartups perSource = PerSourceStartups.unlimited();

        /** Algorithms and transport limits; default {@link TransportConfig#serverDefaults()}. */
        public Builder transport(TransportConfig c) { this.transport = Objects.requireNonNull(c); return this; }
        /** Adds a host key (one per key type); at least one is required. */
        public Builder hostKey(SshKeyPair key) { hostKeys.add(key); return this; }
        /** The whole authentication policy; the shortcuts below adjust the current one. */
        public Builder auth(ServerAuthConfig c) { this.auth = Objects.requireNonNull(c); return this; }
        /** Per-user authentication settings, consulted once the first request names the user. */
        public Builder authForUser(AuthForUser f) { this.authForUser = Objects.requireNonNull(f); return this; }
        /** Enables public key authentication, deciding with {@code a}. */
        public Builder publicKeys(PublicKeyAuthenticator a) { auth = auth.withPublicKeys(a); return this; }
        /** Enables password authentication, checking with {@code a}. */
        public Builder passwords(PasswordAuthenticator a) { auth = auth.withPasswords(a); return this; }
        /** PubkeyAcceptedAlgorithms: the signature algorithms accepted for user keys. */
        public Builder pubkeyAcceptedAlgorithms(List<String> names) { auth = auth.withPubkeyAcceptedAlgorithms(names); return this; }
        /** MaxAuthTries: failed attempts allowed per connection; default 6. */
        public Builder maxAuthTries(int n) { auth = auth.withMaxAuthTries(n); return this; }
        /** Banner: text sent to clients before authentication. */
        public Builder banner(String text) { auth = auth.withBanner(text); return this; }
        /** LoginGraceTime: time allowed to authenticate; default 120 s, zero for no limit. */
        public Builder loginGraceTime(Duration d) { this.loginGraceTime = d; return this; }
        /** Serves session channels (shell, exec, subsystems) of authenticated users; required. */
        public Builder sessions(SessionHandlerFactory f) { this.sessions = f; return this; }
        /** Adds an address to listen on; without any, the loopback address and {@link #port(int)}. */
        public Builder listen(InetSocketAddress a) { listen.add(a); return this; }
        /** The port to listen on when no {@link #listen} address is given; default 22, 0 for any free port. */
        public Builder port(int p) { this.port = p; return this; }
        /** Receives the server's log lines (sshd-style); default none. */
        public Builder log(Consumer<String> l) { this.log = Objects.requireNonNull(l); return this; }
        /** MaxSessions: open session channels allowed per connection; default 10. */
        public Builder maxSessions(int n) { this.maxSessions = n; return this; }
        /** MaxStartups: random early drop of unauthenticated connections; default 10:30:100. */
        public Builder maxStartups(MaxStartups m) { this.maxStartups = Objects.requireNonNull(m); return this; }
        /** PerSourcePenalties; default none (sshd enables OpenSSH's defaults from its config). */
        public Builder penalties(SourcePenalties p) { this.penalties = Objects.requireNonNull(p); return this; }
        /** PerSourceMaxStartups with its PerSourceNetBlockSize; default unlimited. */
        public Builder perSourceStartups(PerSourceStartups p) { this.perSource = Objects.requireNonNull(p); return this; }
        /** ClientAliveInterval and ClientAliveCountMax: probe a silent client, drop it after countMax misses. */
        public Builder clientAlive(Duration interval, int countMax) {
            this.clientAliveInterval = interval;
            this.clientAliveCountMax = countMax;
            return this;
        }
        /** Port forwarding allowed per connection; default {@link ForwardingPolicy#disabled()}. */
        public Builder forwarding(ForwardingPolicy p) { this.forwarding = Objects.requireNonNull(p); return this; }
        /** Per-login forwarding policy (sshd_config Match), consulted after authentication. */
        public Builder forwardingForUser(ForwardingForUser f) { this.forwardingForUser = Objects.requireNonNull(f); return this; }

        /** The configured server, not yet listening. */
        public SshServer build() {
            if (hostKeys.isEmpty()) throw new IllegalStateException("no host keys");
            if (sessions == null) throw new IllegalStateException("no session handler");
            return new SshServer(this);
        }

        /** Builds the server and binds its listening sockets; the caller closes it. */
        public SshServer start() throws IOException {
            return build().start();
        }
    }
}

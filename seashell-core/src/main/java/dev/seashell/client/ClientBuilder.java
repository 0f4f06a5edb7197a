package dev.seashell.client;

import dev.seashell.agent.AgentClient;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.config.ClientOptions.StrictHostKeyChecking;
import dev.seashell.config.ConfigException;
import dev.seashell.config.SeashellAlgorithms;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.Channel;
import dev.seashell.forwarding.Proxies;
import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.HostKeyVerifier;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Sets up and opens a {@link SshClient}: where to connect, how to check the server's host key
 * (the user's {@code ~/.ssh/known_hosts} unless told otherwise) and which credentials to offer.
 *
 * <pre>{@code
 * try (SshClient ssh = SshClient.builder("example.com", 22).user("alice")
 *         .identity(Path.of(home, ".ssh/id_ed25519")).connect()) {
 *     System.out.print(ssh.exec("uptime", Duration.ofSeconds(30)).stdoutText());
 * }
 * }</pre>
 *
 * <p>With {@link #useSshConfig()} or {@link #config(Path)} the host is an ssh_config alias: HostName, Port,
 * User, IdentityFile, CertificateFile, IdentityAgent, IdentitiesOnly, UserKnownHostsFile, StrictHostKeyChecking,
 * ProxyJump, ProxyCommand, ConnectTimeout,
 * ServerAliveInterval, the algorithm lists and the authentication switches apply, and whatever is set on
 * this builder wins over the file (as {@code ssh -o} does).
 */
public final class ClientBuilder {
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private int port; // -1: ssh_config's Port, else 22
    private String user; // null: ssh_config's User, else user.name
    private HostKeyVerifier hostKeys;
    private List<Path> knownHosts;
    private final List<SshKeyPair> identities = new ArrayList<>();
    private boolean agentGiven; // an agent(...) call replaces ssh_config's IdentityAgent
    private ClientUserAuth.PasswordPrompt password;
    private ClientUserAuth.InteractivePrompt interactive;
    private TransportConfig transport;
    private Duration connectTimeout;
    private Duration keepaliveInterval;
    private int keepaliveCountMax = 3;
    private Consumer<String> banner = line -> { };
    private SshHostConfig config;
    private ClientBuilder jumpVia;
    private SshClient jumpOver;

    ClientBuilder(String host, int port) {
        this.host = Objects.requireNonNull(host);
        this.port = port;
    }

    /** The login name; default ssh_config's User if a config is used, else the {@code user.name} of this JVM. */
    public ClientBuilder user(String name) {
        this.user = Objects.requireNonNull(name);
        return this;
    }

    /** The port, overriding ssh_config's Port. */
    public ClientBuilder port(int port) {
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        this.port = port;
        return this;
    }

    /**
     * Trust only the keys these known_hosts files list for the host (the default: {@code ~/.ssh/known_hosts},
     * or ssh_config's UserKnownHostsFile and GlobalKnownHostsFile).
     */
    public ClientBuilder knownHosts(Path... files) {
        this.knownHosts = List.of(files);
        this.hostKeys = null;
        return this;
    }

    /** Any other host-key policy, e.g. a pinned fingerprint; it throws to refuse. */
    public ClientBuilder hostKeyVerifier(HostKeyVerifier verifier) {
        this.hostKeys = Objects.requireNonNull(verifier);
        return this;
    }

    /** A private key file (OpenSSH, PEM or PuTTY format) without a passphrase. */
    public ClientBuilder identity(Path privateKeyFile) throws IOException {
        return identity(privateKeyFile, null);
    }

    /** A passphrase-protected private key file. */
    public ClientBuilder identity(Path privateKeyFile, char[] passphrase) throws IOException {
        return identity(PrivateKeyFiles.read(privateKeyFile, passphrase));
    }

    /** A key already in memory. */
    public ClientBuilder identity(SshKeyPair key) {
        identities.add(Objects.requireNonNull(key));
        return this;
    }

    /**
     * Every key an ssh-agent holds; the agent signs, the private keys never leave it. It replaces the agent
     * ssh_config would use (IdentityAgent, else {@code $SSH_AUTH_SOCK}); the caller keeps and closes it.
     */
    public ClientBuilder agent(AgentClient agent) throws IOException {
        identities.addAll(agent.keyPairs());
        agentGiven = true;
        return this;
    }

    /** A fixed password, offered once (by "password" and "keyboard-interactive" methods). */
    public ClientBuilder password(char[] secret) {
        char[] copy = secret.clone();
        this.password = prompt -> copy.clone();
        this.interactive = (name, instruction, prompts) -> prompts.stream()
                .map(p -> p.echo() ? "" : new String(copy)).toArray(String[]::new);
        return this;
    }

    /** Asks for the password when the server wants one; returning null gives up. */
    public ClientBuilder password(ClientUserAuth.PasswordPrompt prompt) {
        this.password = Objects.requireNonNull(prompt);
        return this;
    }

    /** Answers keyboard-interactive prompts (one-time codes, challenge-response). */
    public ClientBuilder keyboardInteractive(ClientUserAuth.InteractivePrompt prompt) {
        this.interactive = Objects.requireNonNull(prompt);
        return this;
    }

    /** Algorithms and rekey limits; default {@link TransportConfig#defaults()} (or ssh_config's lists). */
    public ClientBuilder transport(TransportConfig config) {
        this.transport = Objects.requireNonNull(config);
        return this;
    }

    /** The TCP connect timeout; default ssh_config's ConnectTimeout, else 30 seconds. */
    public ClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** Probes a silent server every {@code interval}; closes after {@code countMax} misses (ServerAliveInterval). */
    public ClientBuilder keepalive(Duration interval, int countMax) {
        this.keepaliveInterval = Objects.requireNonNull(interval);
        this.keepaliveCountMax = countMax;
        return this;
    }

    /** Receives the server's pre-login banner, if it sends one. */
    public ClientBuilder banner(Consumer<String> sink) {
        this.banner = Objects.requireNonNull(sink);
        return this;
    }

    /**
     * Resolves the host through the user's {@code ~/.ssh/config} and the system {@code /etc/ssh/ssh_config},
     * as ssh does; see the class comment for what applies.
     *
     * @throws ConfigException a file is invalid (OpenSSH's wording)
     */
    public ClientBuilder useSshConfig() throws IOException {
        return config(SshConfig.builder().catalog(SeashellAlgorithms.catalog()).load());
    }

    /** Resolves the host through this one ssh_config file only, as {@code ssh -F file} does. */
    public ClientBuilder config(Path file) throws IOException {
        if (!Files.isReadable(file)) throw new ConfigException("Can't open user config file " + file);
        return config(SshConfig.builder().catalog(SeashellAlgorithms.catalog()).configFile(file).load());
    }

    /** Resolves the host through an already loaded {@link SshConfig} (any files, home, environment). */
    public ClientBuilder config(SshConfig sshConfig) throws IOException {
        return config(sshConfig.forHost(host));
    }

    /**
     * Uses options already resolved for this host. At connect time the keys are chosen as ssh chooses them
     * ({@link HostConfigIdentities}): the agent IdentityAgent names (else {@code $SSH_AUTH_SOCK}; IdentitiesOnly
     * limits it to the IdentityFile keys), then each IdentityFile with its {@code -cert.pub} and CertificateFile
     * certificates. A missing file or one that needs a passphrase is skipped (give such a key with
     * {@link #identity(Path, char[])}, or add it to the agent).
     */
    public ClientBuilder config(SshHostConfig hostConfig) {
        this.config = Objects.requireNonNull(hostConfig);
        return this;
    }

    /**
     * Connects through a jump host ({@code ssh -J}): {@code hop} is connected first (and checks its own
     * host key), then this connection runs over a direct-tcpip channel of it. Closing the returned client
     * closes the hop's connection too. Overrides ssh_config's ProxyJump.
     */
    public ClientBuilder jump(ClientBuilder hop) {
        this.jumpVia = Objects.requireNonNull(hop);
        this.jumpOver = null;
        return this;
    }

    /**
     * Connects over a direct-tcpip channel of a client the caller already holds (a bastion shared by many
     * connections); closing the returned client closes only that channel.
     */
    public ClientBuilder jump(SshClient hop) {
        this.jumpOver = Objects.requireNonNull(hop);
        this.jumpVia = null;
        return this;
    }

    /** The host to connect to: ssh_config's HostName for the alias, else the name given. */
    public String hostName() {
        return config == null ? host : config.hostName();
    }

    /** The port to connect to: as set, else ssh_config's Port, else 22. */
    public int port() {
        return port > 0 ? port : config == null ? 22 : config.port();
    }

    /**
     * The settings as {@link SshClient.Options}, for {@link SshClient#connect(String, int, SshClient.Options)}.
     * They hold no keys of ssh_config's agent (its connection would outlive this call): pass one with
     * {@link #agent(AgentClient)}; {@link #connect()} uses it itself.
     */
    public SshClient.Options options() {
        return options(List.of());
    }

    private SshClient.Options options(List<SshKeyPair> agentKeys) {
        String hostName = hostName();
        int p = port();
        List<Path> files = knownHosts != null ? knownHosts
                : config != null ? HostConfigMapping.knownHostsFiles(config) : List.of(KnownHostsVerifier.userFile());
        HostKeyVerifier chosen = hostKeys != null ? hostKeys : hostKeyVerifier(files, hostName, p);
        // RevokedHostKeys refuses whatever policy is chosen, as a file the administrator keeps
        HostKeyVerifier verifier = config == null || config.revokedHostKeys().isEmpty() ? chosen : key -> {
            var refused = HostConfigMapping.revokedHostKey(config, key);
            if (refused.isPresent()) throw new IOException(refused.get());
            chosen.verify(key);
        };
        List<SshKeyPair> keys = new ArrayList<>(identities);
        if (config != null) keys.addAll(HostConfigIdentities.load(config, agentKeys, ClientBuilder::readUnencrypted, line -> { }));
        String login = user != null ? user : config != null ? config.user() : System.getProperty("user.name");
        ClientUserAuth.Options auth = new ClientUserAuth.Options(login, List.copyOf(keys), password, interactive,
                config != null ? HostConfigMapping.authMethods(config) : List.of("publickey", "keyboard-interactive", "password"),
                config != null ? config.numberOfPasswordPrompts() : 1, hostName);
        TransportConfig t = transport != null ? transport : config != null
                ? HostConfigMapping.transport(config, HostConfigMapping.hostKeyAlgorithms(files, hostName, p, config.hostKeyAlgorithms()))
                : hostKeys != null ? TransportConfig.defaults() : defaultsFor(files, hostName, p);
        Duration timeout = connectTimeout != null ? connectTimeout
                : config != null ? config.connectTimeout().orElse(DEFAULT_CONNECT_TIMEOUT) : DEFAULT_CONNECT_TIMEOUT;
        return new SshClient.Options(t, verifier, auth, timeout, banner, null);
    }

    /**
     * The default algorithms with the host-key algorithms ordered by known_hosts, as ssh orders its default
     * HostKeyAlgorithms: certificate algorithms first when a {@code @cert-authority} line covers the host, then
     * the types of keys on record for it.
     */
    private static TransportConfig defaultsFor(List<Path> files, String hostName, int p) {
        TransportConfig d = TransportConfig.defaults();
        return d.withHostKeyAlgorithms(HostConfigMapping.hostKeyAlgorithms(files, hostName, p, d.hostKeyAlgorithms()));
    }

    /** An IdentityFile key without a passphrase; null for any other (no one to ask in a library). */
    private static SshKeyPair readUnencrypted(Path file) {
        try {
            return PrivateKeyFiles.read(file, null);
        } catch (PassphraseRequiredException e) {
            return null; // the application passes such keys itself, or adds them to the agent
        } catch (IOException e) {
            return null; // an unreadable or foreign file: ssh warns and goes on
        }
    }

    private HostKeyVerifier hostKeyVerifier(List<Path> files, String hostName, int p) {
        StrictHostKeyChecking mode = config == null ? StrictHostKeyChecking.YES : config.strictHostKeyChecking();
        // ask has no one to ask here, so it is yes; no never accepts a changed key in the library, so it is accept-new.
        if (mode == StrictHostKeyChecking.ACCEPT_NEW || mode == StrictHostKeyChecking.NO) {
            return AcceptNewHostKeys.of(files, files.isEmpty() ? null : files.getFirst(), hostName, p, config.hashKnownHosts(),
                    config.caSignatureAlgorithms());
        }
        return config == null ? new KnownHostsVerifier(files, hostName, p)
                : new KnownHostsVerifier(files, hostName, p, config.caSignatureAlgorithms());
    }

    /**
     * Connects (through the jump host or ProxyCommand, if any), verifies the host key, authenticates;
     * the caller closes the client.
     */
    public SshClient connect() throws IOException {
        AgentClient agent = config == null || agentGiven || !config.pubkeyAuthentication() ? null
                : HostConfigIdentities.agent(config, line -> { }).orElse(null);
        try {
            return connect(agent == null ? List.of() : HostConfigIdentities.agentKeys(agent, line -> { }));
        } finally {
            if (agent != null) agent.close(); // authentication is over: the agent is not needed any more
        }
    }

    private SshClient connect(List<SshKeyPair> agentKeys) throws IOException {
        SshClient.Options options = options(agentKeys);
        String hostName = hostName();
        int p = port();
        ClientBuilder hop = jumpVia != null || jumpOver != null ? jumpVia : configuredJump();
        SshClient client;
        if (jumpOver != null) {
            Channel ch = Proxies.openTunnel(jumpOver, hostName, p);
            try {
                client = SshClient.over(ch.inputStream(), ch.outputStream(), ch::close, options);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } else if (hop != null) {
            client = Proxies.viaJump(hop.connect(), hostName, p, options);
        } else if (config != null && config.proxyCommand().isPresent()) {
            client = Proxies.viaCommand(Proxies.expandProxyCommand(config.proxyCommand().get(), hostName, p,
                    options.auth().user(), config.host()), options);
        } else {
            client = SshClient.connect(hostName, p, options);
        }
        Duration interval = keepaliveInterval != null ? keepaliveInterval
                : config != null && config.serverAliveInterval().isPositive() ? config.serverAliveInterval() : null;
        int countMax = keepaliveInterval != null || config == null ? keepaliveCountMax : config.serverAliveCountMax();
        if (interval != null) client.startKeepalive(interval, countMax, () -> { });
        return client;
    }

    /**
     * ssh_config's ProxyJump as a builder for its last hop, resolved from the same files; the hop also
     * gets the keys and known_hosts files given to this builder.
     */
    private ClientBuilder configuredJump() throws ConfigException {
        if (config == null) return null;
        var jumpConfig = config.jumpHost();
        if (jumpConfig.isEmpty()) return null;
        ClientBuilder hop = new ClientBuilder(jumpConfig.get().host(), -1).config(jumpConfig.get());
        hop.identities.addAll(identities);
        hop.agentGiven = agentGiven;
        hop.knownHosts = knownHosts;
        hop.connectTimeout = connectTimeout;
        return hop;
    }
}

package dev.seashell.client;

import dev.seashell.agent.AgentClient;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.HostKeyVerifier;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
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
 */
public final class ClientBuilder {
    private final String host;
    private final int port;
    private String user = System.getProperty("user.name");
    private HostKeyVerifier hostKeys;
    private final List<SshKeyPair> identities = new ArrayList<>();
    private ClientUserAuth.PasswordPrompt password;
    private ClientUserAuth.InteractivePrompt interactive;
    private TransportConfig transport = TransportConfig.defaults();
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration keepaliveInterval;
    private int keepaliveCountMax = 3;
    private Consumer<String> banner = line -> { };

    ClientBuilder(String host, int port) {
        this.host = Objects.requireNonNull(host);
        this.port = port;
    }

    /** The login name; default the {@code user.name} of this JVM. */
    public ClientBuilder user(String name) {
        this.user = Objects.requireNonNull(name);
        return this;
    }

    /** Trust only the keys these known_hosts files list for the host (the default: {@code ~/.ssh/known_hosts}). */
    public ClientBuilder knownHosts(Path... files) {
        this.hostKeys = new KnownHostsVerifier(List.of(files), host, port);
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

    /** Every key an ssh-agent holds; the agent signs, the private keys never leave it. */
    public ClientBuilder agent(AgentClient agent) throws IOException {
        identities.addAll(agent.keyPairs());
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

    /** Algorithms and rekey limits; default {@link TransportConfig#defaults()}. */
    public ClientBuilder transport(TransportConfig config) {
        this.transport = Objects.requireNonNull(config);
        return this;
    }

    /** The TCP connect timeout; default 30 seconds. */
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

    /** The settings as {@link SshClient.Options}, for {@link SshClient#connect(String, int, SshClient.Options)}. */
    public SshClient.Options options() {
        HostKeyVerifier verifier = hostKeys != null ? hostKeys
                : new KnownHostsVerifier(List.of(KnownHostsVerifier.userFile()), host, port);
        ClientUserAuth.Options auth = new ClientUserAuth.Options(user, List.copyOf(identities), password, interactive,
                List.of("publickey", "keyboard-interactive", "password"), 1, host);
        return new SshClient.Options(transport, verifier, auth, connectTimeout, banner, null);
    }

    /** Connects, verifies the host key, authenticates; the caller closes the client. */
    public SshClient connect() throws IOException {
        SshClient client = SshClient.connect(host, port, options());
        if (keepaliveInterval != null) client.startKeepalive(keepaliveInterval, keepaliveCountMax, () -> { });
        return client;
    }
}

package dev.seashell.cli;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.PasswordFile;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.auth.ShadowPasswords;
import dev.seashell.auth.TotpAuthenticator;
import dev.seashell.auth.UnixGroups;
import dev.seashell.forwarding.ForwardingPolicy;
import dev.seashell.auth.UserAccount;
import dev.seashell.config.ConfigException;
import dev.seashell.config.MatchContext;
import dev.seashell.config.RekeyLimit;
import dev.seashell.config.SeashellAlgorithms;
import dev.seashell.config.SshdConfig;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.AuditLog;
import dev.seashell.server.NetBlock;
import dev.seashell.server.PerSourceStartups;
import dev.seashell.server.SourcePenalties;
import dev.seashell.server.SshServer;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code seashell sshd}: sshd(8)'s flags and sshd_config. Without {@code -f} it runs the embedded
 * default: no root needed, host keys made on first start in the user's state directory, the user's
 * own authorized_keys, port 2222.
 */
final class SshdCommand {
    static final int EMBEDDED_PORT = 2222;
    /** In the state directory: "user:hash" lines (bcrypt or argon2id) for password logins without root. */
    static final String PASSWORD_FILE = "passwords";
    private static final String USAGE = """
            usage: sshd [-46DdeGiqTtV] [-C connection_spec] [-c host_cert_file]
                        [-E log_file] [-f config_file] [-g login_grace_time]
                        [-h host_key_file] [-o option] [-p port] [-u len]""";

    private PrintStream logOut = System.err;
    private int debug;
    private AuditLog audit; // set once the config is read; before that, lines go to logOut as they are

    int run(String[] args) {
        Path configFile = null;
        List<String> overrides = new ArrayList<>();
        List<String> hostKeyArgs = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        boolean test = false;
        boolean dump = false;
        boolean inetd = false;
        String logFile = null;
        String connSpec = null;
        int[] next = new int[1];
        try {
            for (Getopt.Opt o : new Getopt("sshd", "46DdeGiqTtVC:c:E:f:g:h:o:p:u:").parse(args, 0, next)) {
                switch (o.name()) {
                    case 'f' -> configFile = Path.of(o.arg());
                    case 'd' -> debug++;
                    case 'D', 'e', '4', '6', 'q', 'G' -> { }
                    case 'E' -> logFile = o.arg();
                    case 'p' -> ports.add(parsePort(o.arg()));
                    case 'h' -> hostKeyArgs.add(o.arg());
                    case 'o' -> overrides.add(o.arg());
                    case 't' -> test = true;
                    case 'T' -> dump = true;
                    case 'i' -> inetd = true;
                    case 'C' -> connSpec = o.arg();
                    case 'g' -> overrides.add("LoginGraceTime=" + o.arg());
                    case 'V' -> {
                        System.err.println(Version.banner());
                        return 0;
                    }
                    default -> { }
                }
            }
            if (next[0] < args.length) throw new Getopt.UsageException("Extra argument " + args[next[0]] + ".");
        } catch (Getopt.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return 1;
        } catch (NumberFormatException e) {
            System.err.println("Bad port number.");
            return 1;
        }
        Logging.init(debug);
        try {
            if (logFile != null) logOut = new PrintStream(Files.newOutputStream(Path.of(logFile),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
            SshdConfig config = configFile == null ? embeddedConfig(overrides) : SshdConfig.parse(configFile, overrides,
                    SshdConfig.DEFAULT_INCLUDE_BASE, SeashellAlgorithms.serverCatalog());
            for (String w : config.warnings()) System.err.println(w);
            java.util.Optional<String> fatal = SshdCertificates.startupProblem(config);
            if (fatal.isPresent()) {
                System.err.println(fatal.get());
                return 255;
            }
            if (connSpec != null) config = config.forConnection(matchContext(connSpec));
            audit = new AuditLog(AuditLog.Format.fromEnvironment(), logOut,
                    debug > 0 ? dev.seashell.config.LogLevel.DEBUG1 : config.logLevel(), java.time.Clock.systemDefaultZone(),
                    shortHostName(), ProcessHandle.current().pid());
            if (dump) {
                System.out.print(config.dump());
                return 0;
            }
            List<SshKeyPair> hostKeys = SshdCertificates.withHostCertificates(
                    loadHostKeys(configFile == null, hostKeyArgs.isEmpty() ? config.hostKeys() : hostKeyArgs),
                    config.hostCertificates(), this::log);
            if (test) return 0;
            SshServer server = buildServer(config, hostKeys, ports.isEmpty() ? config.ports() : ports);
            if (inetd) {
                server.serve(System.in, System.out, () -> System.out.close());
                return 0;
            }
            server.start();
            writePidFile(config);
            if (configFile == null) printEmbeddedBanner(server, hostKeys);
            new CountDownLatch(1).await();
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 255;
        } catch (IOException e) {
            System.err.println("sshd: " + e.getMessage());
            if (debug > 0) e.printStackTrace();
            return 255;
        } catch (InterruptedException e) {
            return 0;
        } catch (IllegalArgumentException e) { // PerSource* values, SEASHELL_LOG_FORMAT
            System.err.println("sshd: " + e.getMessage());
            return 255;
        }
    }

    private static String shortHostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.contains(".") ? h.substring(0, h.indexOf('.')) : h;
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static int parsePort(String s) {
        int p = Integer.parseInt(s);
        if (p <= 0 || p > 65535) throw new NumberFormatException();
        return p;
    }

    private static MatchContext matchContext(String spec) {
        String user = null, host = null, addr = null, laddr = null;
        int lport = -1;
        for (String kv : spec.split(",")) {
            int eq = kv.indexOf('=');
            if (eq < 0) continue;
            String k = kv.substring(0, eq), v = kv.substring(eq + 1);
            switch (k) {
                case "user" -> user = v;
                case "host" -> host = v;
                case "addr" -> addr = v;
                case "laddr" -> laddr = v;
                case "lport" -> lport = Integer.parseInt(v);
                default -> { }
            }
        }
        return new MatchContext(user, List.of(), host, addr, laddr, lport, null);
    }

    /** The embedded default: what `bin/seashell sshd` runs without a config file. */
    private static SshdConfig embeddedConfig(List<String> overrides) throws IOException, ConfigException {
        Path state = stateDir();
        Files.createDirectories(state);
        Path file = state.resolve("sshd_config");
        String text = """
                # Seashell's embedded default (regenerated at each start; use -f for your own file)
                Port %d
                HostKey %s
                HostKey %s
                AuthorizedKeysFile .ssh/authorized_keys .ssh/authorized_keys2
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                Subsystem sftp internal-sftp
                AcceptEnv LANG LC_*
                """.formatted(EMBEDDED_PORT, state.resolve("ssh_host_ed25519_key"), state.resolve("ssh_host_rsa_key"));
        Files.writeString(file, text);
        return SshdConfig.parse(file, overrides, state, SeashellAlgorithms.serverCatalog());
    }

    static Path stateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("seashell");
    }

    private List<SshKeyPair> loadHostKeys(boolean generateMissing, List<String> files) throws IOException {
        List<SshKeyPair> keys = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f);
            if (!Files.exists(p) && generateMissing) {
                String type = p.getFileName().toString().contains("ed25519") ? "ed25519"
                        : p.getFileName().toString().contains("ecdsa") ? "ecdsa" : "rsa";
                SshKeyPair k = KeyGen.generate(type, 0, System.getProperty("user.name") + "@seashell");
                PrivateKeyFiles.write(p, k, null, PrivateKeyFiles.DEFAULT_ROUNDS);
                PrivateKeyFiles.writePublic(Path.of(f + ".pub"), k);
                log("Generated host key " + p);
            }
            try {
                keys.add(PrivateKeyFiles.read(p, null));
            } catch (IOException e) {
                System.err.println("Unable to load host key: " + f);
            }
        }
        if (keys.isEmpty()) throw new IOException("no hostkeys available -- exiting.");
        return keys;
    }

    private SshServer buildServer(SshdConfig c, List<SshKeyPair> hostKeys, List<Integer> ports) throws IOException {
        RekeyLimit rekey = c.rekeyLimit();
        TransportConfig transport = TransportConfig.defaults()
                .withKex(c.kexAlgorithms()).withCiphers(c.ciphers()).withMacs(c.macs())
                .withHostKeyAlgorithms(c.hostKeyAlgorithms())
                .withCompression(c.compression() ? List.of("none", "zlib@openssh.com") : List.of("none"))
                .withRekey(rekey.bytes(), rekey.seconds() > 0 ? Duration.ofSeconds(rekey.seconds()) : null);
        SshServer.Builder b = SshServer.builder().transport(transport)
                .auth(authConfig(c, null))
                .authForUser((user, remote, local) -> {
                    try {
                        return authConfig(matched(c, user, remote, local), local);
                    } catch (IOException e) {
                        log("Match: cannot apply the authentication settings for " + user + ": " + e.getMessage());
                        return null;
                    }
                })
                .forwarding(forwardingPolicy(c))
                .forwardingForUser((user, remote, local) -> forwardingPolicy(matched(c, user, remote, local)))
                .loginGraceTime(c.loginGraceTime())
                .log(this::log)
                .clientAlive(c.clientAliveInterval(), c.clientAliveCountMax())
                .maxSessions(c.maxSessions())
                .maxStartups(new SshServer.MaxStartups(c.maxStartups().start(), c.maxStartups().rate(), c.maxStartups().full()))
                .penalties(new SourcePenalties(SourcePenalties.Policy.parse(c.perSourcePenalties()),
                        NetBlock.parse(c.perSourceNetBlockSize()), c.perSourcePenaltyExemptList().orElse(null),
                        System::nanoTime, this::log))
                .perSourceStartups(new PerSourceStartups(c.perSourceMaxStartups(), NetBlock.parse(c.perSourceNetBlockSize())))
                .sessions(new Sessions(subsystems(c), (user, addrs) -> sessionPolicy(c, user, addrs[0], addrs[1])));
        for (SshKeyPair k : hostKeys) b.hostKey(k);
        List<String> addresses = c.listenAddresses();
        for (int port : ports) {
            if (addresses.isEmpty()) b.listen(new InetSocketAddress(port));
            for (String a : addresses) b.listen(listenAddress(a, port));
        }
        return b.build();
    }

    /**
     * sshd_config's authentication keywords. As root any local account may log in (its session runs
     * as that user) and passwords are checked against /etc/shadow; otherwise only the account this
     * server runs as, by key (a non-root process cannot read shadow).
     */
    private ServerAuthConfig authConfig(SshdConfig c, InetSocketAddress local) throws IOException {
        boolean root = UserAccount.current().uid() == 0;
        UserAccount me = UserAccount.current();
        ServerAuthConfig a = ServerAuthConfig.defaults()
                .withPublicKeys(SshdCertificates.publicKeys(c, root ? AuthorizedKeysAuthenticator.forSystemUsers(c.authorizedKeysFiles())
                        : AuthorizedKeysAuthenticator.forCurrentUser(c.authorizedKeysFiles()),
                        root ? UserAccount::lookup : u -> u.equals(me.name()) ? java.util.Optional.of(me) : java.util.Optional.empty(),
                        local))
                .withPubkeyAuthentication(c.pubkeyAuthentication())
                .withPasswordAuthentication(c.passwordAuthentication())
                .withKbdInteractiveAuthentication(c.kbdInteractiveAuthentication())
                .withAuthenticationMethods(c.authenticationMethods())
                .withPermitRootLogin(c.permitRootLogin())
                .withUserFilters(c.allowUsers(), c.denyUsers(), c.allowGroups(), c.denyGroups())
                .withMaxAuthTries(c.maxAuthTries())
                .withPubkeyAcceptedAlgorithms(c.pubkeyAcceptedAlgorithms())
                .withTotp(new TotpAuthenticator(UserAccount::lookup));
        if (root) {
            a = a.withPasswords(new ShadowPasswords()).withAccounts(UserAccount::lookup, UnixGroups::groupsOf);
        } else if (Files.isRegularFile(stateDir().resolve(PASSWORD_FILE))) {
            // Not root, no /etc/shadow: passwords come only from Seashell's own file of bcrypt/argon2
            // hashes ("user:hash" lines), and only if PasswordAuthentication says so.
            a = a.withPasswords(PasswordFile.read(stateDir().resolve(PASSWORD_FILE)));
        }
        String banner = c.banner().orElse("none");
        if (!banner.equals("none")) {
            try {
                a = a.withBanner(Files.readString(Path.of(banner)));
            } catch (IOException e) {
                log("Banner file " + banner + ": " + e.getMessage());
            }
        }
        return a;
    }

    /** sshd_config with its Match blocks applied for one login (User, Group, Host, Address, LocalAddress, LocalPort). */
    private SshdConfig matched(SshdConfig global, String user, InetSocketAddress remote, InetSocketAddress local) {
        try {
            return global.forConnection(new MatchContext(user, UnixGroups.groupsOf(user),
                    remote == null ? null : remote.getAddress().getHostAddress(),
                    remote == null ? null : remote.getAddress().getHostAddress(),
                    local == null ? null : local.getAddress().getHostAddress(), local == null ? -1 : local.getPort(), null));
        } catch (ConfigException e) {
            log("Match evaluation failed for " + user + ": " + e.getMessage());
            return global;
        }
    }

    /** The session keywords for one login, with sshd_config's Match blocks applied. */
    private Sessions.Policy sessionPolicy(SshdConfig global, String user, InetSocketAddress remote, InetSocketAddress local) {
        SshdConfig c = matched(global, user, remote, local);
        return new Sessions.Policy(c.permitTty(), c.acceptEnv(), c.setEnv(), c.printMotd(),
                c.forceCommand().filter(f -> !f.equals("none")), c.permitUserEnvironment());
    }

    /**
     * AllowTcpForwarding, GatewayPorts, AllowStreamLocalForwarding, PermitOpen, PermitListen,
     * AllowAgentForwarding, X11Forwarding, X11DisplayOffset, X11UseLocalhost, XAuthLocation; DisableForwarding
     * overrides them all.
     */
    private static ForwardingPolicy forwardingPolicy(SshdConfig c) {
        if (c.disableForwarding()) return ForwardingPolicy.disabled();
        return new ForwardingPolicy(ForwardingPolicy.Allow.parse(c.allowTcpForwarding().dumpName()),
                ForwardingPolicy.GatewayPorts.parse(c.gatewayPorts().dumpName()), c.permitOpen(), c.permitListen(),
                ForwardingPolicy.Allow.parse(c.allowStreamLocalForwarding().dumpName()))
                .withAgentForwarding(c.allowAgentForwarding())
                .withX11(new ForwardingPolicy.X11(c.x11Forwarding(), c.x11DisplayOffset(), c.x11UseLocalhost(), c.xauthLocation()));
    }

    private static Map<String, String> subsystems(SshdConfig c) {
        return c.subsystems();
    }

    private static InetSocketAddress listenAddress(String spec, int defaultPort) {
        String host = spec;
        int port = defaultPort;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            host = spec.substring(1, close);
            if (spec.length() > close + 2 && spec.charAt(close + 1) == ':') port = Integer.parseInt(spec.substring(close + 2));
        } else if (spec.indexOf(':') == spec.lastIndexOf(':') && spec.contains(":")) {
            host = spec.substring(0, spec.indexOf(':'));
            port = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (IOException e) {
            throw new IllegalArgumentException("Bad ListenAddress " + spec);
        }
    }

    private static void writePidFile(SshdConfig c) {
        c.pidFile().filter(p -> !p.equals("none")).ifPresent(p -> {
            try {
                Files.writeString(Path.of(p), ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                System.err.println("Couldn't create pid file \"" + p + "\": " + e.getMessage());
            }
        });
    }

    private void printEmbeddedBanner(SshServer server, List<SshKeyPair> hostKeys) {
        log("Seashell sshd (embedded default) on port " + server.port() + ", state in " + stateDir());
        for (SshKeyPair k : hostKeys) {
            log("Host key: " + Fingerprints.describe(k.publicKey(), "", "sha256").strip());
        }
        log("Try: ssh -p " + server.port() + " " + System.getProperty("user.name") + "@localhost");
    }

    private synchronized void log(String line) {
        if (audit != null && (debug == 0 || AuditLog.Format.fromEnvironment() != AuditLog.Format.PLAIN)) audit.accept(line);
        else if (debug > 0) logOut.println(LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME) + " " + line);
        else logOut.println(line);
    }
}

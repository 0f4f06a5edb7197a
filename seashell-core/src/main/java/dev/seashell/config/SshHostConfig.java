package dev.seashell.config;

import dev.seashell.config.ClientOptions.AddressFamily;
import dev.seashell.config.ClientOptions.ControlMaster;
import dev.seashell.config.ClientOptions.RequestTty;
import dev.seashell.config.ClientOptions.StrictHostKeyChecking;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The effective client options for one destination, with OpenSSH's defaults. */
public final class SshHostConfig implements AlgorithmSettings {
    /** IdentityFile defaults, in the order ssh tries them. */
    public static final List<String> DEFAULT_IDENTITY_FILES = List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa",
            "~/.ssh/id_ecdsa_sk", "~/.ssh/id_ed25519", "~/.ssh/id_ed25519_sk", "~/.ssh/id_xmss");

    private final Map<String, List<ConfigLine>> values;
    private final String originalHost;
    private final SshConfig.Builder env;

    private SshHostConfig(Map<String, List<ConfigLine>> values, String originalHost, SshConfig.Builder env) {
        this.values = values;
        this.originalHost = originalHost;
        this.env = env;
    }

    static SshHostConfig of(Map<String, List<ConfigLine>> values, String originalHost, SshConfig.Builder env) {
        return new SshHostConfig(Map.copyOf(values), originalHost, env);
    }

    // ---- raw access --------------------------------------------------------------------------

    @Override
    public ConfigLine firstLine(String key) {
        return first(key);
    }

    private ConfigLine first(String key) {
        List<ConfigLine> l = values.get(key);
        return l == null ? null : l.getFirst();
    }

    private String arg(String key) {
        ConfigLine l = first(key);
        return l == null ? null : l.args().getFirst();
    }

    private List<ConfigLine> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    private boolean flag(String key, boolean def) {
        String a = arg(key);
        return a == null ? def : a.equals("yes") || a.equals("true");
    }

    private int integer(String key, int def) {
        String a = arg(key);
        return a == null ? def : Integer.parseInt(a);
    }

    private Optional<String> noneable(String key) {
        String a = arg(key);
        return a == null || a.equals("none") ? Optional.empty() : Optional.of(a);
    }

    /**
     * Expands every path-like value once, so a bad {@code %} token or an unset {@code ${VAR}} fails
     * {@link SshConfig#forHost} with a ConfigException (ssh fails at startup too) rather than a later
     * accessor with an unchecked one.
     */
    void checkExpansions() throws ConfigException {
        try {
            identityFiles();
            identityAgent();
            userKnownHostsFiles();
            forwardAgent();
            controlPath();
        } catch (java.io.UncheckedIOException e) {
            if (e.getCause() instanceof ConfigException c) throw c;
            throw e;
        }
    }

    private String expandPath(String s) {
        try {
            return SshTokens.path(s, tokens(), env.environment);
        } catch (ConfigException e) {
            throw Values.unchecked(e);
        }
    }

    SshTokens.Context tokens() {
        return new SshTokens.Context(hostName(), port(), user(), originalHost, env.localUser, env.home.toString(),
                localHostname(), uid(), proxyJump().orElse(null), null);
    }

    private String localHostname() {
        if (env.localHostname != null) {
            return env.localHostname;
        }
        try {
            Path p = Path.of("/proc/sys/kernel/hostname");
            return Files.exists(p) ? Files.readString(p).strip() : InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private String uid() {
        if (env.uid != null) {
            return env.uid;
        }
        try {
            return Long.toString(new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (RuntimeException | LinkageError e) {
            return "-1";
        }
    }

    // ---- typed getters -----------------------------------------------------------------------

    /** The host as given on the command line. */
    public String host() {
        return originalHost;
    }

    /** HostName with {@code %h} expanded, lower-cased; the command-line host if unset. */
    public String hostName() {
        String h = originalHost.toLowerCase(Locale.ROOT);
        String a = arg("hostname");
        if (a == null) {
            return h;
        }
        return a.replace("%%", "\u0000").replace("%h", h).replace('\u0000', '%').toLowerCase(Locale.ROOT);
    }

    public int port() {
        return integer("port", 22);
    }

    /** User, or the local user name when unset. */
    public String user() {
        String a = arg("user");
        return a == null ? env.localUser : a;
    }

    /** IdentityFile values as written (the defaults if none was given). */
    public List<String> identityFilesRaw() {
        List<ConfigLine> l = all("identityfile");
        return l.isEmpty() ? DEFAULT_IDENTITY_FILES : l.stream().map(x -> x.args().getFirst()).toList();
    }

    /** IdentityFile paths after {@code ~}, token and environment expansion, in order. */
    public List<String> identityFiles() {
        return identityFilesRaw().stream().map(this::expandPath).toList();
    }

    /** CertificateFile paths after expansion, in order. */
    public List<String> certificateFiles() {
        return all("certificatefile").stream().map(x -> expandPath(x.args().getFirst())).toList();
    }

    /** CASignatureAlgorithms resolved against OpenSSH 9.2's default (no ssh-rsa). */
    public List<String> caSignatureAlgorithms() {
        return CaSignatureAlgorithms.resolve(arg("casignaturealgorithms"));
    }

    /** RevokedHostKeys file after expansion; empty for {@code none} or unset. */
    public Optional<String> revokedHostKeys() {
        return noneable("revokedhostkeys").map(this::expandPath);
    }

    /**
     * The agent socket IdentityAgent names, as ssh picks it: empty for {@code none} or when the variable is
     * unset; {@code SSH_AUTH_SOCK} (and no IdentityAgent at all) reads {@code $SSH_AUTH_SOCK}, {@code $VAR}
     * another variable, anything else is a path ({@code ~}, tokens and {@code ${VAR}} expanded).
     */
    public Optional<String> identityAgent() {
        String a = arg("identityagent");
        if (a == null || a.equals("SSH_AUTH_SOCK")) a = "$SSH_AUTH_SOCK";
        if (a.equals("none")) return Optional.empty();
        if (a.startsWith("$") && !a.startsWith("${")) {
            String v = env.environment.get(a.substring(1));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
        }
        return Optional.of(expandPath(a));
    }

    public boolean identitiesOnly() {
        return flag("identitiesonly", false);
    }

    /** UserKnownHostsFile, expanded; default {@code ~/.ssh/known_hosts ~/.ssh/known_hosts2}. */
    public List<String> userKnownHostsFiles() {
        ConfigLine l = first("userknownhostsfile");
        List<String> raw = l == null ? List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2") : l.args();
        return raw.equals(List.of("none")) ? List.of() : raw.stream().map(this::expandPath).toList();
    }

    public List<String> globalKnownHostsFiles() {
        ConfigLine l = first("globalknownhostsfile");
        List<String> raw = l == null ? List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2") : l.args();
        return raw.equals(List.of("none")) ? List.of() : raw;
    }

    public StrictHostKeyChecking strictHostKeyChecking() {
        String a = arg("stricthostkeychecking");
        return a == null ? StrictHostKeyChecking.ASK : StrictHostKeyChecking.parse(a);
    }

    public boolean batchMode() {
        return flag("batchmode", false);
    }

    /** ConnectTimeout; empty means the system TCP timeout. */
    public Optional<Duration> connectTimeout() {
        return noneable("connecttimeout").map(a -> Duration.ofSeconds(Units.seconds(a)));
    }

    public int connectionAttempts() {
        return integer("connectionattempts", 1);
    }

    public LogLevel logLevel() {
        String a = arg("loglevel");
        return a == null ? LogLevel.INFO : LogLevel.parse(a);
    }

    @Override
    public List<String> algorithms(AlgorithmKind kind) {
        return env.catalog.resolve(kind, arg(kind.keyword().toLowerCase(Locale.ROOT)));
    }

    public boolean compression() {
        return flag("compression", false);
    }

    public Duration serverAliveInterval() {
        String a = arg("serveraliveinterval");
        return Duration.ofSeconds(a == null ? 0 : Units.seconds(a));
    }

    public int serverAliveCountMax() {
        return integer("serveralivecountmax", 3);
    }

    /** PreferredAuthentications if set. */
    public Optional<List<String>> preferredAuthentications() {
        return Optional.ofNullable(arg("preferredauthentications")).map(Values::commaList);
    }

    public int numberOfPasswordPrompts() {
        return integer("numberofpasswordprompts", 3);
    }

    public boolean passwordAuthentication() {
        return flag("passwordauthentication", true);
    }

    public boolean kbdInteractiveAuthentication() {
        return flag("kbdinteractiveauthentication", true);
    }

    /** PubkeyAuthentication: anything but no/false enables it (unbound and host-bound too). */
    public boolean pubkeyAuthentication() {
        String a = arg("pubkeyauthentication");
        return a == null || !(a.equals("no") || a.equals("false"));
    }

    String pubkeyAuthenticationDump() {
        String a = arg("pubkeyauthentication");
        if (a == null || a.equals("yes") || a.equals("true")) {
            return "true";
        }
        return a.equals("no") || a.equals("false") ? "false" : a;
    }

    public boolean hashKnownHosts() {
        return flag("hashknownhosts", false);
    }

    public boolean checkHostIp() {
        return flag("checkhostip", false);
    }

    public Optional<String> proxyJump() {
        return noneable("proxyjump");
    }

    /**
     * The last hop of {@link #proxyJump()}, configured as ssh configures its {@code ssh -W} child: from the
     * same ssh_config files (without {@code -o} overrides), with the spec's user and port on top and the
     * earlier hops as its own ProxyJump. Empty without a ProxyJump.
     *
     * @throws ConfigException an invalid jump spec ("Invalid ProxyJump") or a bad config file
     */
    public Optional<SshHostConfig> jumpHost() throws ConfigException {
        Optional<String> chain = proxyJump();
        if (chain.isEmpty()) return Optional.empty();
        List<String> hops = List.of(chain.get().split(","));
        JumpSpec spec = JumpSpec.parse(hops.getLast().strip());
        SshConfig.Builder b = env.forJump();
        if (spec.user() != null) b.override("User=" + spec.user());
        if (spec.port() > 0) b.override("Port=" + spec.port());
        if (hops.size() > 1) b.override("ProxyJump=" + String.join(",", hops.subList(0, hops.size() - 1)));
        return Optional.of(b.load().forHost(spec.host()));
    }

    /** ProxyCommand as written (tokens are expanded when it is run). */
    public Optional<String> proxyCommand() {
        ConfigLine l = first("proxycommand");
        return l == null || l.rest().equals("none") ? Optional.empty() : Optional.of(l.rest());
    }

    public List<Forward> localForwards() {
        return forwards("localforward");
    }

    public List<Forward> remoteForwards() {
        return forwards("remoteforward");
    }

    public List<Forward> dynamicForwards() {
        return forwards("dynamicforward");
    }

    private List<Forward> forwards(String key) {
        List<Forward> out = new ArrayList<>();
        for (ConfigLine l : all(key)) {
            try {
                out.add(SshValues.forward(key, l));
            } catch (ConfigException e) {
                throw Values.unchecked(e);
            }
        }
        return out;
    }

    /** ForwardAgent: {@code yes}, {@code no}, or an expanded agent socket path. */
    public String forwardAgent() {
        String a = arg("forwardagent");
        if (a == null || a.equals("no") || a.equals("false")) {
            return "no";
        }
        return a.equals("yes") || a.equals("true") ? "yes" : expandPath(a);
    }

    /** ForwardX11 ({@code -X}); default no. */
    public boolean forwardX11() {
        return flag("forwardx11", false);
    }

    /** ForwardX11Trusted ({@code -Y}); default no. */
    public boolean forwardX11Trusted() {
        return flag("forwardx11trusted", false);
    }

    /** ForwardX11Timeout: how long an untrusted (-X) cookie is honoured; default 20 minutes, 0 for no limit. */
    public Duration forwardX11Timeout() {
        String a = arg("forwardx11timeout");
        long s = a == null ? -1 : Units.seconds(a);
        return Duration.ofSeconds(s < 0 ? 1200 : s);
    }

    /** XAuthLocation; default {@code /usr/bin/xauth}. */
    public String xauthLocation() {
        String a = arg("xauthlocation");
        return a == null ? "/usr/bin/xauth" : expandPath(a);
    }

    public RequestTty requestTty() {
        String a = arg("requesttty");
        return a == null ? RequestTty.AUTO : RequestTty.parse(a);
    }

    public List<String> sendEnv() {
        return all("sendenv").stream().flatMap(l -> l.args().stream()).toList();
    }

    /** SetEnv pairs; only the first SetEnv line counts, as in OpenSSH. */
    public List<String> setEnv() {
        ConfigLine l = first("setenv");
        return l == null ? List.of() : l.args();
    }

    /** EscapeChar code, or -1 for none; default {@code ~}. */
    public int escapeChar() {
        String a = arg("escapechar");
        return a == null ? '~' : SshValues.escapeChar(a);
    }

    public AddressFamily addressFamily() {
        String a = arg("addressfamily");
        return a == null ? AddressFamily.ANY : AddressFamily.parse(a);
    }

    public Optional<String> bindAddress() {
        return Optional.ofNullable(arg("bindaddress"));
    }

    public ControlMaster controlMaster() {
        String a = arg("controlmaster");
        return a == null ? ControlMaster.NO : ControlMaster.parse(a);
    }

    /** ControlPath expanded; empty for none/unset. */
    public Optional<String> controlPath() {
        return noneable("controlpath").map(this::expandPath);
    }

    /** ControlPersist: empty when off, zero for forever, else the idle time. */
    public Optional<Duration> controlPersist() {
        String a = arg("controlpersist");
        if (a == null || a.equals("no") || a.equals("false")) {
            return Optional.empty();
        }
        return Optional.of(a.equals("yes") || a.equals("true") ? Duration.ZERO : Duration.ofSeconds(Units.seconds(a)));
    }

    public boolean exitOnForwardFailure() {
        return flag("exitonforwardfailure", false);
    }

    public boolean gatewayPorts() {
        return flag("gatewayports", false);
    }

    /** {@code ssh -G} output for the implemented options, in ssh's order and format. */
    public String dump() {
        return SshDump.dump(this, all("identityfile").isEmpty() ? DEFAULT_IDENTITY_FILES : identityFilesRaw());
    }
}

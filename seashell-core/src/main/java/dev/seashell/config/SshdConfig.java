package dev.seashell.config;

import dev.seashell.config.ConfigReader.Entry;
import dev.seashell.config.ServerOptions.GatewayPorts;
import dev.seashell.config.ServerOptions.MaxStartups;
import dev.seashell.config.ServerOptions.PermitRootLogin;
import dev.seashell.config.ServerOptions.TcpForwarding;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * sshd_config(5): the first value obtained wins except for accumulating keywords; {@code -o}
 * overrides are read before the file; {@code Match} blocks are evaluated by
 * {@link #forConnection(MatchContext)}, whose values replace the global ones.
 */
public final class SshdConfig implements AlgorithmSettings {
    /** Default base directory for relative {@code Include} paths. */
    public static final Path DEFAULT_INCLUDE_BASE = Path.of("/etc/ssh");

    private final AlgorithmCatalog catalog;
    private final List<Entry> entries;
    private final Map<String, List<ConfigLine>> values;
    private final List<String> warnings;

    private SshdConfig(AlgorithmCatalog catalog, List<Entry> entries, Map<String, List<ConfigLine>> values,
            List<String> warnings) {
        this.catalog = catalog;
        this.entries = entries;
        this.values = values;
        this.warnings = warnings;
    }

    /** Parses a file with the OpenSSH catalog, no overrides and {@code /etc/ssh} as include base. */
    public static SshdConfig parse(Path file) throws ConfigException {
        return parse(file, List.of(), DEFAULT_INCLUDE_BASE, AlgorithmCatalog.openssh());
    }

    /**
     * Parses {@code -o Keyword=value} overrides (first) and then the file.
     *
     * @throws ConfigException on unknown keywords (all reported, as OpenSSH does) and invalid values
     */
    public static SshdConfig parse(Path file, List<String> overrides, Path includeBase, AlgorithmCatalog catalog)
            throws ConfigException {
        List<Entry> all = new ArrayList<>(ConfigReader.readOverrides(overrides));
        if (file != null) {
            all.addAll(new ConfigReader(Set.of("match"), includeBase, s -> s).readFile(file));
        }
        List<String> warnings = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (Entry e : all) {
            check(e, catalog, warnings, bad);
        }
        if (!bad.isEmpty()) {
            String file0 = file == null ? "command-line" : file.toString();
            bad.add(file0 + ": terminating, " + bad.size() + " bad configuration options");
            throw new ConfigException(String.join("\n", bad));
        }
        List<Entry> global = all.stream().filter(e -> e.guards().isEmpty()).toList();
        return new SshdConfig(catalog, List.copyOf(all), fold(global, true), List.copyOf(warnings));
    }

    private static void check(Entry e, AlgorithmCatalog catalog, List<String> warnings, List<String> bad)
            throws ConfigException {
        ConfigLine l = e.line();
        if (l.key().equals("match")) {
            SshdMatch.validate(l);
            return;
        }
        SshdKeywords.Spec spec = SshdKeywords.lookup(l.keyword());
        if (spec == null) {
            bad.add(l.file() + ": line " + l.number() + ": Bad configuration option: " + l.keyword());
            return;
        }
        if (!e.guards().isEmpty() && !spec.inMatch()) {
            throw new ConfigException(l.where() + ": Directive '" + l.keyword() + "' is not allowed within a Match block");
        }
        switch (spec.status()) {
            case DEPRECATED -> warnings.add(l.where() + ": Deprecated option " + l.keyword());
            case UNIMPLEMENTED -> warnings.add(l.where() + ": Unsupported option " + l.keyword());
            case IGNORED -> { }
            case IMPLEMENTED -> SshdValues.validate(spec.name().toLowerCase(Locale.ROOT), l, catalog);
        }
    }

    /** First line wins per keyword except accumulating ones; unimplemented keywords are dropped. */
    private static Map<String, List<ConfigLine>> fold(List<Entry> entries, boolean checkSubsystems)
            throws ConfigException {
        Map<String, List<ConfigLine>> m = new LinkedHashMap<>();
        for (Entry e : entries) {
            ConfigLine l = e.line();
            SshdKeywords.Spec spec = SshdKeywords.lookup(l.keyword());
            if (spec == null || spec.status() != SshdKeywords.Status.IMPLEMENTED || l.key().equals("match")) {
                continue;
            }
            String key = spec.name().toLowerCase(Locale.ROOT);
            if (!spec.multi()) {
                m.putIfAbsent(key, List.of(l));
                continue;
            }
            List<ConfigLine> list = new ArrayList<>(m.getOrDefault(key, List.of()));
            if (key.equals("subsystem") && checkSubsystems) {
                String name = l.args().getFirst();
                if (list.stream().anyMatch(x -> x.args().getFirst().equals(name))) {
                    throw new ConfigException(l.where() + ": Subsystem '" + name + "' already defined.");
                }
            }
            list.add(l);
            m.put(key, List.copyOf(list));
        }
        return m;
    }

    /**
     * The effective configuration for one connection: values from satisfied {@code Match} blocks
     * (first one wins among them) replace the global values, as sshd's copy_set_server_options does.
     */
    public SshdConfig forConnection(MatchContext ctx) throws ConfigException {
        List<Entry> matching = new ArrayList<>();
        for (Entry e : entries) {
            if (e.guards().isEmpty() || e.line().key().equals("match")) {
                continue;
            }
            boolean all = true;
            for (ConfigLine g : e.guards()) {
                all &= SshdMatch.matches(g, ctx);
            }
            if (all) {
                matching.add(e);
            }
        }
        Map<String, List<ConfigLine>> merged = new LinkedHashMap<>(values);
        merged.putAll(fold(matching, false));
        return new SshdConfig(catalog, entries, merged, warnings);
    }

    /** Warnings for deprecated and not-yet-implemented keywords, {@code file line N: Unsupported option X}. */
    public List<String> warnings() {
        return warnings;
    }

    /** Keywords from sshd_config(5) that Seashell's server acts on. */
    public static Set<String> implementedKeywords() {
        return SshdKeywords.IMPLEMENTED;
    }

    /** Every keyword sshd_config(5) documents. */
    public static List<String> knownKeywords() {
        return SshdKeywords.ALL;
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

    private List<ConfigLine> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    private boolean flag(String key, boolean def) {
        ConfigLine l = first(key);
        try {
            return l == null ? def : Values.yesNo(l);
        } catch (ConfigException e) {
            throw Values.unchecked(e);
        }
    }

    private int integer(String key, int def) {
        ConfigLine l = first(key);
        try {
            return l == null ? def : Values.integer(l);
        } catch (ConfigException e) {
            throw Values.unchecked(e);
        }
    }

    private Duration time(String key, long defSeconds) {
        ConfigLine l = first(key);
        try {
            return Duration.ofSeconds(l == null ? defSeconds : Values.time(l));
        } catch (ConfigException e) {
            throw Values.unchecked(e);
        }
    }

    private List<String> args(String key) {
        return all(key).stream().flatMap(l -> l.args().stream()).toList();
    }

    private Optional<String> noneable(String key) {
        ConfigLine l = first(key);
        return l == null || l.args().getFirst().equals("none") ? Optional.empty() : Optional.of(l.args().getFirst());
    }

    // ---- typed getters -----------------------------------------------------------------------

    /** Port lines in order; empty when none was given (the caller picks its default, OpenSSH's is 22). */
    public List<Integer> ports() {
        return args("port").stream().map(Integer::valueOf).toList();
    }

    /** ListenAddress arguments as written ({@code host}, {@code host:port}, {@code [v6]:port}). */
    public List<String> listenAddresses() {
        return all("listenaddress").stream().map(l -> l.args().getFirst()).toList();
    }

    public List<String> hostKeys() {
        return args("hostkey");
    }

    /** HostCertificate files, in order. */
    public List<String> hostCertificates() {
        return args("hostcertificate");
    }

    /** TrustedUserCAKeys file; empty for {@code none} or unset. */
    public Optional<String> trustedUserCaKeys() {
        return noneable("trustedusercakeys");
    }

    /** AuthorizedPrincipalsFile pattern (tokens unexpanded); empty for {@code none} or unset. */
    public Optional<String> authorizedPrincipalsFile() {
        return noneable("authorizedprincipalsfile");
    }

    /** RevokedKeys file; empty for {@code none} or unset. */
    public Optional<String> revokedKeys() {
        return noneable("revokedkeys");
    }

    /** AuthorizedKeysCommand (program and arguments, tokens unexpanded); empty for {@code none} or unset. */
    public Optional<String> authorizedKeysCommand() {
        return command("authorizedkeyscommand");
    }

    /** AuthorizedKeysCommandUser; empty when unset. */
    public Optional<String> authorizedKeysCommandUser() {
        return noneable("authorizedkeyscommanduser");
    }

    /** AuthorizedPrincipalsCommand (program and arguments, tokens unexpanded); empty for {@code none} or unset. */
    public Optional<String> authorizedPrincipalsCommand() {
        return command("authorizedprincipalscommand");
    }

    /** AuthorizedPrincipalsCommandUser; empty when unset. */
    public Optional<String> authorizedPrincipalsCommandUser() {
        return noneable("authorizedprincipalscommanduser");
    }

    private Optional<String> command(String key) {
        ConfigLine l = first(key);
        return l == null || l.rest().equals("none") ? Optional.empty() : Optional.of(l.rest());
    }

    /** CASignatureAlgorithms resolved against OpenSSH 9.2's default (no ssh-rsa). */
    public List<String> caSignatureAlgorithms() {
        ConfigLine l = first("casignaturealgorithms");
        return CaSignatureAlgorithms.resolve(l == null ? null : l.args().getFirst());
    }

    /** PidFile; empty for {@code none}. Default {@code /var/run/sshd.pid}. */
    public Optional<String> pidFile() {
        return first("pidfile") == null ? Optional.of("/var/run/sshd.pid") : noneable("pidfile");
    }

    /** AuthorizedKeysFile patterns (tokens unexpanded); empty for {@code none}. */
    public List<String> authorizedKeysFiles() {
        ConfigLine l = first("authorizedkeysfile");
        if (l == null) {
            return List.of(".ssh/authorized_keys", ".ssh/authorized_keys2");
        }
        return l.args().equals(List.of("none")) ? List.of() : l.args();
    }

    public boolean strictModes() {
        return flag("strictmodes", true);
    }

    public LogLevel logLevel() {
        ConfigLine l = first("loglevel");
        return l == null ? LogLevel.INFO : LogLevel.parse(l.args().getFirst());
    }

    /** Resolved algorithm list for one of the algorithm options. */
    @Override
    public List<String> algorithms(AlgorithmKind kind) {
        ConfigLine l = first(kind.keyword().toLowerCase(Locale.ROOT));
        return catalog.resolve(kind, l == null ? null : l.args().getFirst());
    }

    /** Compression: {@code yes} and {@code delayed} both enable it after authentication. */
    public boolean compression() {
        ConfigLine l = first("compression");
        return l == null || !l.args().getFirst().equals("no");
    }

    /** Subsystem name → command line (arguments joined by single spaces). */
    public Map<String, String> subsystems() {
        Map<String, String> m = new LinkedHashMap<>();
        for (ConfigLine l : all("subsystem")) {
            m.putIfAbsent(l.args().getFirst(), String.join(" ", l.args().subList(1, l.args().size())));
        }
        return m;
    }

    public boolean passwordAuthentication() {
        return flag("passwordauthentication", true);
    }

    public boolean pubkeyAuthentication() {
        return flag("pubkeyauthentication", true);
    }

    public boolean kbdInteractiveAuthentication() {
        return flag("kbdinteractiveauthentication", true);
    }

    public PermitRootLogin permitRootLogin() {
        ConfigLine l = first("permitrootlogin");
        return l == null ? PermitRootLogin.PROHIBIT_PASSWORD : PermitRootLogin.parse(l.args().getFirst());
    }

    public int maxAuthTries() {
        return integer("maxauthtries", 6);
    }

    public Duration loginGraceTime() {
        return time("logingracetime", 120);
    }

    public Duration clientAliveInterval() {
        return time("clientaliveinterval", 0);
    }

    public int clientAliveCountMax() {
        return integer("clientalivecountmax", 3);
    }

    public int maxSessions() {
        return integer("maxsessions", 10);
    }

    public MaxStartups maxStartups() {
        ConfigLine l = first("maxstartups");
        return l == null ? MaxStartups.DEFAULT : SshdValues.maxStartups(l.args().getFirst());
    }

    /** PerSourcePenalties arguments as written ({@code no}, or {@code keyword:value} overrides); empty: the defaults. */
    public List<String> perSourcePenalties() {
        ConfigLine l = first("persourcepenalties");
        return l == null ? List.of() : l.args();
    }

    /** PerSourcePenaltyExemptList (comma-separated addresses, wildcards, CIDR); empty for none. */
    public Optional<String> perSourcePenaltyExemptList() {
        return noneable("persourcepenaltyexemptlist");
    }

    /** PerSourceMaxStartups; 0 for none (the default). */
    public int perSourceMaxStartups() {
        ConfigLine l = first("persourcemaxstartups");
        return l == null || l.args().getFirst().equals("none") ? 0 : integer("persourcemaxstartups", 0);
    }

    /** PerSourceNetBlockSize as written, {@code v4[:v6]}; default {@code 32:128}. */
    public String perSourceNetBlockSize() {
        ConfigLine l = first("persourcenetblocksize");
        return l == null ? "32:128" : l.args().getFirst();
    }

    public List<String> allowUsers() {
        return args("allowusers");
    }

    public List<String> denyUsers() {
        return args("denyusers");
    }

    public List<String> allowGroups() {
        return args("allowgroups");
    }

    public List<String> denyGroups() {
        return args("denygroups");
    }

    /** Banner file; empty for none (the default). */
    public Optional<String> banner() {
        return noneable("banner");
    }

    /** ForceCommand as the raw rest of the line; empty for none (the default). */
    public Optional<String> forceCommand() {
        ConfigLine l = first("forcecommand");
        return l == null || l.rest().equals("none") ? Optional.empty() : Optional.of(l.rest());
    }

    public boolean permitTty() {
        return flag("permittty", true);
    }

    public List<String> acceptEnv() {
        return args("acceptenv");
    }

    /** SetEnv {@code NAME=value} pairs; like OpenSSH, only the first SetEnv line counts. */
    public List<String> setEnv() {
        return args("setenv");
    }

    /** PermitUserEnvironment: "no" (default), "yes", or a pattern-list of variable names. */
    public String permitUserEnvironment() {
        ConfigLine l = first("permituserenvironment");
        return l == null ? "no" : l.rest();
    }

    public boolean printMotd() {
        return flag("printmotd", true);
    }

    public boolean useDns() {
        return flag("usedns", false);
    }

    public TcpForwarding allowTcpForwarding() {
        ConfigLine l = first("allowtcpforwarding");
        return l == null ? TcpForwarding.YES : TcpForwarding.parse(l.args().getFirst());
    }

    public GatewayPorts gatewayPorts() {
        ConfigLine l = first("gatewayports");
        return l == null ? GatewayPorts.NO : GatewayPorts.parse(l.args().getFirst());
    }

    public boolean x11Forwarding() {
        return flag("x11forwarding", false);
    }

    public int x11DisplayOffset() {
        return integer("x11displayoffset", 10);
    }

    public boolean x11UseLocalhost() {
        return flag("x11uselocalhost", true);
    }

    /** XAuthLocation; default {@code /usr/bin/xauth}. */
    public String xauthLocation() {
        ConfigLine l = first("xauthlocation");
        return l == null ? "/usr/bin/xauth" : l.args().getFirst();
    }

    public boolean allowAgentForwarding() {
        return flag("allowagentforwarding", true);
    }

    /** AllowStreamLocalForwarding; same values as AllowTcpForwarding, default yes. */
    public TcpForwarding allowStreamLocalForwarding() {
        ConfigLine l = first("allowstreamlocalforwarding");
        return l == null ? TcpForwarding.YES : TcpForwarding.parse(l.args().getFirst());
    }

    /** DisableForwarding: overrides every other forwarding keyword (TCP, StreamLocal, agent, X11). */
    public boolean disableForwarding() {
        return flag("disableforwarding", false);
    }

    /** PermitOpen's entries ({@code host:port}, {@code any} or {@code none}); default {@code any}. */
    public List<String> permitOpen() {
        ConfigLine l = first("permitopen");
        return l == null ? List.of("any") : l.args();
    }

    /**
     * PermitListen's entries, a bare {@code port} written as {@code *:port} as sshd does; default
     * {@code any}.
     */
    public List<String> permitListen() {
        ConfigLine l = first("permitlisten");
        return l == null ? List.of("any") : ForwardPermissions.listenEntries(l.args());
    }

    /** AuthenticationMethods: alternatives, each a list of methods to pass in turn; empty means any. */
    public List<List<String>> authenticationMethods() {
        ConfigLine l = first("authenticationmethods");
        if (l == null || l.args().equals(List.of("any"))) {
            return List.of();
        }
        return l.args().stream().map(Values::commaList).toList();
    }

    /** {@code sshd -T} style output for the implemented keywords. */
    public String dump() {
        return SshdDump.dump(this);
    }
}

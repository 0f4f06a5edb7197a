package dev.seashell.config;

import dev.seashell.config.ConfigReader.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ssh_config(5): {@code -o} overrides, then the user's file, then the system file; the first
 * obtained value wins. Files are parsed and checked by {@link Builder#load()}; {@link #forHost}
 * evaluates {@code Host}/{@code Match} sections for one destination.
 */
public final class SshConfig {
    private final List<Entry> entries;
    private final Builder env;

    private SshConfig(List<Entry> entries, Builder env) {
        this.entries = entries;
        this.env = env;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every keyword ssh_config(5) documents (all accepted). */
    public static List<String> knownKeywords() {
        return SshKeywords.ALL;
    }

    /** Keywords Seashell's client acts on. */
    public static Set<String> implementedKeywords() {
        return SshKeywords.IMPLEMENTED;
    }

    /** Where files are found and what the local side looks like; every default can be replaced for tests. */
    public static final class Builder {
        Path home = Path.of(System.getProperty("user.home"));
        Path userConfig;
        Path systemConfig = Path.of("/etc/ssh/ssh_config");
        Path systemIncludeBase = Path.of("/etc/ssh");
        Path configFile;
        final List<String> overrides = new ArrayList<>();
        String localUser = System.getProperty("user.name");
        String localHostname;
        String uid;
        Map<String, String> environment = System.getenv();
        Duration execTimeout = Duration.ofSeconds(10);
        AlgorithmCatalog catalog = AlgorithmCatalog.openssh();

        private Builder() {}

        /** The same files and local environment without the {@code -o} overrides, as ssh's jump-host child gets. */
        Builder forJump() {
            Builder b = new Builder();
            b.home = home;
            b.userConfig = userConfig;
            b.systemConfig = systemConfig;
            b.systemIncludeBase = systemIncludeBase;
            b.configFile = configFile;
            b.localUser = localUser;
            b.localHostname = localHostname;
            b.uid = uid;
            b.environment = environment;
            b.execTimeout = execTimeout;
            b.catalog = catalog;
            return b;
        }

        public Builder home(Path home) {
            this.home = home;
            return this;
        }

        /** User file; default {@code ~/.ssh/config}. */
        public Builder userConfig(Path p) {
            this.userConfig = p;
            return this;
        }

        /** System file; default {@code /etc/ssh/ssh_config}; relative includes resolve against its directory. */
        public Builder systemConfig(Path p) {
            this.systemConfig = p;
            this.systemIncludeBase = p == null || p.getParent() == null ? Path.of("/etc/ssh") : p.getParent();
            return this;
        }

        /** {@code -F}: read only this file (as a user file). */
        public Builder configFile(Path p) {
            this.configFile = p;
            return this;
        }

        /** {@code -o Keyword=value}; earlier overrides win. */
        public Builder override(String option) {
            this.overrides.add(option);
            return this;
        }

        public Builder localUser(String u) {
            this.localUser = u;
            return this;
        }

        public Builder localHostname(String h) {
            this.localHostname = h;
            return this;
        }

        public Builder uid(String uid) {
            this.uid = uid;
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** Upper bound for each {@code Match exec} command. */
        public Builder execTimeout(Duration d) {
            this.execTimeout = d;
            return this;
        }

        public Builder catalog(AlgorithmCatalog c) {
            this.catalog = c;
            return this;
        }

        /**
         * Reads and checks all files.
         *
         * @throws ConfigException with OpenSSH's "Bad configuration option" and "terminating" lines
         */
        public SshConfig load() throws ConfigException {
            Path sshDir = home.resolve(".ssh");
            List<Entry> all = new ArrayList<>();
            List<Entry> o = ConfigReader.readOverrides(overrides);
            check(o, "command-line");
            all.addAll(o);
            List<Path[]> files = new ArrayList<>();
            if (configFile != null) {
                files.add(new Path[] {configFile, sshDir});
            } else {
                Path u = userConfig != null ? userConfig : sshDir.resolve("config");
                files.add(new Path[] {u, sshDir});
                if (systemConfig != null) {
                    files.add(new Path[] {systemConfig, systemIncludeBase});
                }
            }
            for (Path[] f : files) {
                if (!Files.exists(f[0]) && f[0] != configFile) {
                    continue;
                }
                List<Entry> e = new ConfigReader(Set.of("host", "match"), f[1],
                        s -> SshTokens.tilde(s, home.toString())).readFile(f[0]);
                check(e, f[0].toString());
                all.addAll(e);
            }
            return new SshConfig(List.copyOf(all), this);
        }

        private void check(List<Entry> entries, String file) throws ConfigException {
            List<String> bad = new ArrayList<>();
            for (Entry e : entries) {
                ConfigLine l = e.line();
                String canon = SshKeywords.canonical(l.keyword());
                if (canon == null) {
                    bad.add(l.file() + ": line " + l.number() + ": Bad configuration option: " + l.key());
                } else if (l.key().equals("host") || l.key().equals("match")) {
                    SshMatch.validate(l);
                } else if (SshKeywords.implemented(canon)) {
                    SshValues.validate(canon.toLowerCase(Locale.ROOT), l, catalog);
                }
            }
            if (!bad.isEmpty()) {
                bad.add(file + ": terminating, " + bad.size() + " bad configuration options");
                throw new ConfigException(String.join("\n", bad));
            }
        }
    }

    /**
     * The options for one destination, as ssh computes them: a pass over all sections, then, if a
     * {@code Match final} was seen, a second pass with {@code final}/{@code canonical} true and the
     * host set to the HostName found so far.
     */
    public SshHostConfig forHost(String hostArg) throws ConfigException {
        Objects.requireNonNull(hostArg);
        Map<String, List<ConfigLine>> values = new LinkedHashMap<>();
        String host = hostArg.toLowerCase(Locale.ROOT);
        boolean wantFinal = pass(values, host, hostArg, false);
        if (wantFinal) {
            String finalHost = SshHostConfig.of(values, hostArg, env).hostName();
            pass(values, finalHost, hostArg, true);
        }
        SshHostConfig result = SshHostConfig.of(values, hostArg, env);
        result.checkExpansions();
        return result;
    }

    private boolean pass(Map<String, List<ConfigLine>> values, String host, String originalHost, boolean finalPass)
            throws ConfigException {
        Map<ConfigLine, Boolean> sections = new IdentityHashMap<>();
        boolean wantFinal = false;
        for (Entry e : entries) {
            ConfigLine l = e.line();
            List<ConfigLine> g = e.guards();
            if (!g.isEmpty() && g.getLast() == l) {
                boolean outer = g.subList(0, g.size() - 1).stream().allMatch(x -> sections.getOrDefault(x, false));
                wantFinal |= outer && SshMatch.wantsFinal(l);
                sections.put(l, outer && SshMatch.matches(l, state(values, host, originalHost, finalPass)));
                continue;
            }
            if (g.stream().allMatch(x -> sections.getOrDefault(x, false))) {
                apply(values, l);
            }
        }
        return wantFinal;
    }

    private SshMatch.State state(Map<String, List<ConfigLine>> values, String host, String originalHost,
            boolean finalPass) throws ConfigException {
        SshHostConfig sofar = SshHostConfig.of(values, originalHost, env);
        String h = finalPass ? host : values.containsKey("hostname") ? sofar.hostName() : host;
        List<ConfigLine> tag = values.get("tag");
        return new SshMatch.State(h, originalHost, sofar.user(), env.localUser, finalPass,
                tag == null ? null : tag.getFirst().args().getFirst(), sofar.tokens(), env.execTimeout);
    }

    private static void apply(Map<String, List<ConfigLine>> values, ConfigLine l) {
        String canon = SshKeywords.canonical(l.keyword());
        if (canon == null || canon.isEmpty()) {
            return;
        }
        String key = canon.toLowerCase(Locale.ROOT);
        if (SshKeywords.MULTI.contains(key)) {
            List<ConfigLine> list = new ArrayList<>(values.getOrDefault(key, List.of()));
            if (list.stream().noneMatch(x -> x.args().equals(l.args()))) {
                list.add(l);
            }
            values.put(key, List.copyOf(list));
        } else if ((key.equals("proxycommand") || key.equals("proxyjump"))
                && (values.containsKey("proxycommand") || values.containsKey("proxyjump"))) {
            return; // mutually exclusive: the first of the two obtained wins
        } else {
            values.putIfAbsent(key, List.of(l));
        }
    }
}

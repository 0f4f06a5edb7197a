package dev.seashell.config;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Client {@code Host} and {@code Match} evaluation (readconf.c's match_cfg_line). */
final class SshMatch {
    private SshMatch() {}

    private static final Set<String> NO_ARG = Set.of("all", "canonical", "final");
    private static final Set<String> WITH_ARG = Set.of("host", "originalhost", "user", "localuser", "exec",
            "localnetwork", "tagged", "version", "sessiontype", "command");

    /** What a criterion is checked against during one pass. */
    record State(String host, String originalHost, String remoteUser, String localUser, boolean finalPass,
            String tag, SshTokens.Context tokens, Duration execTimeout) {}

    static void validate(ConfigLine l) throws ConfigException {
        List<String> a = l.args();
        if (l.key().equals("host")) {
            l.arg();
            return;
        }
        if (a.isEmpty()) {
            throw new ConfigException(l.where() + ": One or more attributes required for Match");
        }
        for (int i = 0; i < a.size(); i++) {
            String attr = strip(a.get(i));
            if (attr.equals("all") && a.stream().map(SshMatch::strip).anyMatch(x -> !NO_ARG.contains(x))) {
                throw new ConfigException(l.where() + ": 'all' cannot be combined with other Match attributes");
            }
            if (NO_ARG.contains(attr)) {
                continue;
            }
            if (!WITH_ARG.contains(attr)) {
                throw new ConfigException(l.where() + ": Unsupported Match attribute " + a.get(i));
            }
            if (++i >= a.size()) {
                throw new ConfigException(l.where() + ": Missing Match criteria for " + a.get(i - 1));
            }
        }
    }

    private static String strip(String s) {
        return (s.startsWith("!") ? s.substring(1) : s).toLowerCase(Locale.ROOT);
    }

    /** True when the line mentions {@code final} (requests a second pass). */
    static boolean wantsFinal(ConfigLine l) {
        return l.key().equals("match") && l.args().stream().anyMatch(x -> strip(x).equals("final"));
    }

    static boolean matches(ConfigLine l, State s) throws ConfigException {
        if (l.key().equals("host")) {
            boolean hit = false;
            for (String p : l.args()) {
                boolean neg = p.startsWith("!");
                if (Patterns.glob(s.host(), Values.lower(neg ? p.substring(1) : p))) {
                    if (neg) {
                        return false;
                    }
                    hit = true;
                }
            }
            return hit;
        }
        List<String> a = l.args();
        boolean result = true;
        for (int i = 0; i < a.size() && result; i++) {
            String raw = a.get(i);
            boolean neg = raw.startsWith("!");
            String attr = strip(raw);
            boolean r;
            if (NO_ARG.contains(attr)) {
                r = attr.equals("all") || s.finalPass();
            } else {
                String v = a.get(++i);
                r = switch (attr) {
                    case "host" -> Patterns.matches(s.host(), v, true);
                    case "originalhost" -> Patterns.matches(s.originalHost(), v, true);
                    case "user" -> Patterns.matches(s.remoteUser(), v, false);
                    case "localuser" -> Patterns.matches(s.localUser(), v, false);
                    case "tagged" -> Patterns.matches(s.tag() == null ? "" : s.tag(), v, false);
                    case "exec" -> exec(SshTokens.percent(v, s.tokens()), s.execTimeout());
                    default -> false;
                };
            }
            result = neg != r;
        }
        return result;
    }

    /** Runs the command with {@code /bin/sh -c}; exit status 0 is a match, a timeout is not. */
    static boolean exec(String command, Duration timeout) throws ConfigException {
        Process p;
        try {
            p = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new ConfigException("Match exec \"" + command + "\": " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ConfigException("Match exec interrupted", e);
        }
    }
}

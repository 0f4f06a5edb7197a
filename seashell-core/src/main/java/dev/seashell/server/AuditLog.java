package dev.seashell.server;

import dev.seashell.config.LogLevel;
import java.io.PrintStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's audit sink: takes sshd-style messages ({@code Accepted publickey for …}, {@code Failed
 * password for …}, {@code Connection closed by … [preauth]}) from {@link SshServer.Builder#log}, drops
 * those below the configured LogLevel and writes each as
 * <ul>
 * <li>{@link Format#PLAIN}: the bare message, as {@code sshd -e} and {@code -E} write it;</li>
 * <li>{@link Format#SYSLOG}: {@code Mon DD HH:MM:SS host sshd[pid]: message}, the auth.log line that
 *     fail2ban's sshd filter and logwatch read;</li>
 * <li>{@link Format#JSON}: one object per line with {@code time}, {@code event}, {@code user},
 *     {@code address}, {@code port}, {@code method}, {@code key_type}, {@code fingerprint},
 *     {@code reason} (whichever apply) and the original {@code message}.</li>
 * </ul>
 * The format is Seashell's own choice, outside sshd_config so OpenSSH configs stay valid: system
 * property {@code seashell.log.format} or environment variable {@code SEASHELL_LOG_FORMAT}.
 */
public final class AuditLog implements Consumer<String> {
    /** How lines are written. */
    public enum Format {
        PLAIN, SYSLOG, JSON;

        /** From the system property, else the environment variable, else PLAIN. */
        public static Format select(String property, String environment) {
            String v = property != null && !property.isBlank() ? property : environment;
            if (v == null || v.isBlank()) return PLAIN;
            return switch (v.strip().toLowerCase(Locale.ROOT)) {
                case "json", "jsonl", "json-lines" -> JSON;
                case "syslog" -> SYSLOG;
                case "plain", "text" -> PLAIN;
                default -> throw new IllegalArgumentException("unknown SEASHELL_LOG_FORMAT " + v + " (plain, syslog, json)");
            };
        }

        /** {@link #select} with {@code seashell.log.format} and {@code SEASHELL_LOG_FORMAT}. */
        public static Format fromEnvironment() {
            return select(System.getProperty("seashell.log.format"), System.getenv("SEASHELL_LOG_FORMAT"));
        }
    }

    /** One classified message; absent fields are null. */
    public record Event(String event, LogLevel level, String user, String address, Integer port, String method,
                        String keyType, String fingerprint, String reason) {}

    private record Rule(Pattern pattern, String event, LogLevel level, String... groups) {}

    private static final String ADDR = "(?<address>\\S+) port (?<port>\\d+)";
    private static final String PREAUTH = "(?: \\[preauth\\])?$";
    private static final String INVALID = "(?:invalid user )?";

    /** sshd's messages, most specific first; the group names are the Event's fields. */
    private static final List<Rule> RULES = List.of(
            rule("^Accepted (?<method>\\S+) for (?<user>\\S+) from " + ADDR + " ssh2(?:: (?<keyType>\\S+) (?<fingerprint>\\S+))?",
                    "accepted", LogLevel.INFO),
            rule("^Failed (?<method>\\S+) for " + INVALID + "(?<user>\\S*) from " + ADDR
                    + " ssh2(?:: (?<keyType>\\S+) (?<fingerprint>\\S+))?", "failed", LogLevel.INFO),
            rule("^Invalid user (?<user>\\S*) from " + ADDR, "invalid_user", LogLevel.INFO),
            rule("^User (?<user>\\S+) from (?<address>\\S+) not allowed because (?<reason>.*)", "user_not_allowed", LogLevel.INFO),
            rule("^maximum authentication attempts exceeded for " + INVALID + "(?<user>\\S*) from " + ADDR,
                    "max_auth_tries", LogLevel.INFO),
            rule("^ROOT LOGIN REFUSED FROM " + ADDR, "root_login_refused", LogLevel.INFO),
            rule("^Connection from " + ADDR + " on ", "connection", LogLevel.VERBOSE),
            rule("^Connection closed by (?:(?:authenticating|invalid) user (?<user>\\S*) )?" + ADDR + PREAUTH,
                    "connection_closed", LogLevel.INFO),
            rule("^Disconnected from (?:(?:user|authenticating user|invalid user) (?<user>\\S*) )?" + ADDR + PREAUTH,
                    "disconnected", LogLevel.INFO),
            rule("^Received disconnect from " + ADDR + ":(?<reason>.*?)" + PREAUTH, "received_disconnect", LogLevel.INFO),
            rule("^Timeout before authentication for " + ADDR, "login_grace_timeout", LogLevel.INFO),
            rule("^Timeout, client not responding from user (?<user>\\S+) " + ADDR, "client_alive_timeout", LogLevel.INFO),
            rule("^Protocol error from " + ADDR + ": (?<reason>.*?)" + PREAUTH, "protocol_error", LogLevel.INFO),
            rule("^drop connection #\\d+ from \\[(?<address>[^\\]]+)\\]:(?<port>\\d+) on \\S+ (?<reason>.*)",
                    "connection_dropped", LogLevel.INFO),
            rule("^srclimit_penalise: \\S+ new (?<address>\\S+) active penalty of \\d+ seconds for (?<reason>.*)",
                    "penalty", LogLevel.VERBOSE),
            rule("^userauth_\\S+: (?<reason>.*)", "auth_detail", LogLevel.VERBOSE),
            rule("^Internal error on connection from " + ADDR + ": (?<reason>.*)", "internal_error", LogLevel.ERROR),
            rule("^Server listening on " + ADDR, "listening", LogLevel.INFO));

    private static Rule rule(String regex, String event, LogLevel level) {
        Pattern p = Pattern.compile(regex);
        List<String> names = List.of("user", "address", "port", "method", "keyType", "fingerprint", "reason");
        return new Rule(p, event, level, names.stream().filter(n -> regex.contains("(?<" + n + ">")).toArray(String[]::new));
    }

    /** Classifies one message; unknown messages are {@code message} events at INFO with the text as reason. */
    public static Event classify(String line) {
        for (Rule r : RULES) {
            Matcher m = r.pattern.matcher(line);
            if (!m.find()) continue;
            Map<String, String> g = new LinkedHashMap<>();
            for (String n : r.groups) g.put(n, m.group(n));
            String port = g.get("port");
            return new Event(r.event, r.level, g.get("user"), g.get("address"), port == null ? null : Integer.valueOf(port),
                    g.get("method"), g.get("keyType"), g.get("fingerprint"), g.get("reason"));
        }
        return new Event("message", LogLevel.INFO, null, null, null, null, null, null, null);
    }

    private static final DateTimeFormatter SYSLOG_TIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private final Format format;
    private final PrintStream out;
    private final LogLevel level;
    private final Clock clock;
    private final String host;
    private final long pid;

    /**
     * @param level LogLevel: messages classified above it are dropped (INFO hides {@code Connection from})
     * @param host  short host name for the syslog form
     */
    public AuditLog(Format format, PrintStream out, LogLevel level, Clock clock, String host, long pid) {
        this.format = Objects.requireNonNull(format);
        this.out = Objects.requireNonNull(out);
        this.level = Objects.requireNonNull(level);
        this.clock = Objects.requireNonNull(clock);
        this.host = Objects.requireNonNull(host);
        this.pid = pid;
    }

    @Override
    public void accept(String message) {
        message = vis(message);
        Event e = classify(message);
        if (e.level().compareTo(level) > 0 || level == LogLevel.QUIET) return;
        String line = switch (format) {
            case PLAIN -> message;
            case SYSLOG -> ZonedDateTime.now(clock).format(SYSLOG_TIME) + " " + host + " sshd[" + pid + "]: " + message;
            case JSON -> json(e, message);
        };
        synchronized (out) {
            out.println(line);
        }
    }

    /** Control characters as {@code \\ooo}, like sshd's strnvis: a user name cannot forge a log line. */
    static String vis(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
            if (control && b == null) b = new StringBuilder(s.length() + 8).append(s, 0, i);
            if (b != null) {
                if (control) b.append('\\').append(String.format("%03o", (int) c));
                else b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private String json(Event e, String message) {
        StringBuilder b = new StringBuilder(128).append('{');
        field(b, "time", clock.instant().toString());
        field(b, "event", e.event());
        field(b, "level", e.level().name());
        field(b, "user", e.user());
        field(b, "address", e.address());
        if (e.port() != null) b.append(",\"port\":").append(e.port());
        field(b, "method", e.method());
        field(b, "key_type", e.keyType());
        field(b, "fingerprint", e.fingerprint());
        field(b, "reason", e.reason() == null ? null : e.reason().strip());
        field(b, "message", message);
        return b.append('}').toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value == null) return;
        if (b.length() > 1) b.append(',');
        b.append('"').append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}

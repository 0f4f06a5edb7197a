package dev.seashell.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An allowed_signers file (ssh-keygen(1) ALLOWED SIGNERS): principals patterns, options
 * (namespaces=, valid-after=, valid-before=, cert-authority), key type and key. Lines that do
 * not parse are skipped, as ssh-keygen does.
 */
public final class AllowedSigners {
    /** One usable line; null option fields mean the option is absent. */
    public record Entry(int line, String principals, String namespaces, Instant validAfter, Instant validBefore,
                        boolean certAuthority, SshPublicKey key) {
        /** Whether this key may sign in namespace at time now (certificate-authority lines never match a plain key). */
        public boolean allows(String namespace, Instant now) {
            if (certAuthority) return false;
            if (namespaces != null && !KnownHosts.matches(namespaces, namespace)) return false;
            if (validAfter != null && now.isBefore(validAfter)) return false;
            return validBefore == null || !now.isAfter(validBefore);
        }
    }

    private static final long MAX_FILE = 16 << 20;
    private final List<Entry> entries;

    private AllowedSigners(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    public static AllowedSigners read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) throw new IOException(file + ": allowed signers file too large");
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static AllowedSigners parse(String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            Entry e = parseLine(i + 1, lines[i]);
            if (e != null) out.add(e);
        }
        return new AllowedSigners(out);
    }

    /** Whether identity may sign with key in namespace now (ssh-keygen -Y verify's authorisation step). */
    public boolean authorizes(String identity, SshPublicKey key, String namespace, Instant now) {
        for (Entry e : entries) {
            if (e.key().equals(key) && KnownHosts.matches(e.principals(), identity) && e.allows(namespace, now)) return true;
        }
        return false;
    }

    /**
     * The principals of the lines that accept key in namespace now, one pattern per element as
     * ssh-keygen -Y find-principals prints them.
     */
    public List<String> principalsFor(SshPublicKey key, String namespace, Instant now) {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.key().equals(key) && (namespace == null || e.allows(namespace, now))) out.addAll(List.of(e.principals().split(",")));
        }
        return out;
    }

    static Entry parseLine(int lineNo, String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) return null;
        List<String> fields = split(line);
        if (fields.size() < 3) return null;
        String principals = unquote(fields.get(0));
        int k = 1;
        String namespaces = null;
        Instant after = null;
        Instant before = null;
        boolean ca = false;
        if (SshKeyTypes.isKeyType(fields.get(1)) == false) {
            for (String opt : splitOptions(fields.get(1))) {
                int eq = opt.indexOf('=');
                String name = (eq < 0 ? opt : opt.substring(0, eq)).toLowerCase(Locale.ROOT);
                String rawValue = eq < 0 ? null : opt.substring(eq + 1);
                // OpenSSH's opt_dequote: option values must be double-quoted, else the line is bad
                if (rawValue != null && (rawValue.length() < 2 || !rawValue.startsWith("\"") || !rawValue.endsWith("\""))) return null;
                String value = rawValue == null ? null : rawValue.substring(1, rawValue.length() - 1);
                switch (name) {
                    case "cert-authority" -> ca = true;
                    case "namespaces" -> namespaces = value;
                    case "valid-after" -> after = parseTime(value);
                    case "valid-before" -> before = parseTime(value);
                    default -> { return null; }
                }
                if (value == null && !name.equals("cert-authority")) return null;
                if ((name.startsWith("valid-")) && (name.equals("valid-after") ? after : before) == null) return null;
            }
            k = 2;
        }
        if (fields.size() < k + 2) return null;
        try {
            SshPublicKey key = SshPublicKey.decode(Base64.getDecoder().decode(fields.get(k + 1)));
            if (!key.keyType().equals(fields.get(k))) return null;
            return new Entry(lineNo, principals, namespaces, after, before, ca, key);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Times as YYYYMMDD[Z] or YYYYMMDDHHMM[SS][Z], local time unless Z. */
    static Instant parseTime(String s) {
        if (s == null) return null;
        boolean utc = s.endsWith("Z") || s.endsWith("z");
        String d = utc ? s.substring(0, s.length() - 1) : s;
        ZoneId zone = utc ? ZoneOffset.UTC : ZoneId.systemDefault();
        try {
            return switch (d.length()) {
                case 8 -> LocalDate.parse(d, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(zone).toInstant();
                case 12 -> LocalDateTime.parse(d, DateTimeFormatter.ofPattern("yyyyMMddHHmm")).atZone(zone).toInstant();
                case 14 -> LocalDateTime.parse(d, DateTimeFormatter.ofPattern("yyyyMMddHHmmss")).atZone(zone).toInstant();
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Splits on whitespace outside double quotes. */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (!quoted && (c == ' ' || c == '\t')) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    private static List<String> splitOptions(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (!quoted && c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The key type names a line's key field may start with. */
    private static final class SshKeyTypes {
        static boolean isKeyType(String s) {
            return s.equals(Ed25519PublicKey.TYPE) || s.equals(RsaPublicKey.TYPE) || EcCurve.fromKeyType(s) != null
                    || s.endsWith("-cert-v01@openssh.com") || s.startsWith("sk-");
        }
    }
}

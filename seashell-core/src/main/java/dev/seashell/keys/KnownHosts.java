package dev.seashell.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * known_hosts files (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): host patterns or hashed names
 * ({@code |1|salt|hash}), {@code [host]:port} for other ports, and the {@code @revoked} and
 * {@code @cert-authority} markers.
 */
public final class KnownHosts {
    /** What the files say about a host and a key. */
    public enum Status { KNOWN, CHANGED, REVOKED, UNKNOWN }

    /** One usable line. */
    public record Entry(Path file, int line, String marker, String hosts, SshPublicKey key) {}

    /** The verdict, with the line that decided it (for OpenSSH's "Offending … key in file:line"). */
    public record Lookup(Status status, Entry entry) {}

    private static final int MAX_FILE = 16 << 20;
    private final List<Entry> entries;

    private KnownHosts(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads the files in order; missing files are skipped. */
    public static KnownHosts read(List<Path> files) throws IOException {
        List<Entry> all = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            if (Files.size(f) > MAX_FILE) throw new IOException(f + ": known_hosts file too large");
            // Decoded leniently: one line of stray bytes must not make every other entry unreadable.
            List<String> lines = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Entry e = parse(f, i + 1, lines.get(i));
                if (e != null) all.add(e);
            }
        }
        return new KnownHosts(all);
    }

    static Entry parse(Path file, int lineNo, String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) return null;
        String[] f = l.split("\\s+");
        int i = 0;
        String marker = null;
        if (f[0].startsWith("@")) {
            marker = f[0];
            i = 1;
        }
        if (f.length < i + 3) return null;
        try {
            SshPublicKey key = SshPublicKey.decode(Base64.getDecoder().decode(f[i + 2]));
            if (!key.keyType().equals(f[i + 1])) return null;
            return new Entry(file, lineNo, marker, f[i], key);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The name OpenSSH looks up: {@code host} on port 22, {@code [host]:port} otherwise. */
    public static String hostName(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** Checks a host's key: revoked beats known, known beats changed. */
    public Lookup check(String host, int port, SshPublicKey key) {
        String name = hostName(host, port);
        Entry known = null;
        Entry changed = null;
        for (Entry e : entries) {
            boolean sameKey = Arrays.equals(e.key().blob(), key.blob());
            if ("@revoked".equals(e.marker())) {
                if (sameKey) return new Lookup(Status.REVOKED, e);
                continue;
            }
            if (e.marker() != null || !matches(e.hosts(), name)) continue;
            if (sameKey) {
                if (known == null) known = e;
            } else if (e.key().keyType().equals(key.keyType()) && changed == null) {
                changed = e;
            }
        }
        if (known != null) return new Lookup(Status.KNOWN, known);
        if (changed != null) return new Lookup(Status.CHANGED, changed);
        return new Lookup(Status.UNKNOWN, null);
    }

    /** Whether a {@code @revoked} line lists this plain key. */
    public boolean isRevoked(SshPublicKey key) {
        byte[] blob = key.blob();
        for (Entry e : entries) if ("@revoked".equals(e.marker()) && Arrays.equals(e.key().blob(), blob)) return true;
        return false;
    }

    /** The {@code @cert-authority} line that trusts this CA key for the host, if any (a revoked CA never is). */
    public Entry certAuthority(String host, int port, SshPublicKey ca) {
        if (isRevoked(ca)) return null;
        String name = hostName(host, port);
        for (Entry e : entries) {
            if ("@cert-authority".equals(e.marker()) && e.key().equals(ca) && matches(e.hosts(), name)) return e;
        }
        return null;
    }

    /** Whether any {@code @cert-authority} line covers the host (the client then prefers certificate algorithms). */
    public boolean hasCertAuthority(String host, int port) {
        String name = hostName(host, port);
        for (Entry e : entries) if ("@cert-authority".equals(e.marker()) && matches(e.hosts(), name)) return true;
        return false;
    }

    /** Whether any (non-revoked) line for this host holds a key of this type. */
    public boolean hasKeyType(String host, int port, String keyType) {
        String name = hostName(host, port);
        for (Entry e : entries) {
            if (e.marker() == null && e.key().keyType().equals(keyType) && matches(e.hosts(), name)) return true;
        }
        return false;
    }

    /**
     * Whether a known_hosts hosts field (comma-separated patterns with ! negation, or one hashed
     * |1|salt|hash name) matches a host name as {@link #hostName} spells it.
     */
    public static boolean hostMatches(String hostsField, String name) {
        return matches(hostsField, name);
    }

    /** Whether a hosts field (patterns, negations, or one hashed name) matches a name. */
    static boolean matches(String hosts, String name) {
        if (hosts.startsWith("|1|")) return hashedMatches(hosts, name);
        boolean matched = false;
        for (String p : hosts.split(",")) {
            boolean negated = p.startsWith("!");
            String pat = negated ? p.substring(1) : p;
            if (glob(pat.toLowerCase(), name.toLowerCase())) {
                if (negated) return false;
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatches(String field, String name) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(hmac(salt, name), hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A hashed host field as HashKnownHosts writes it. */
    public static String hash(String name) {
        byte[] salt = new byte[20];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hmac(salt, name));
    }

    /** Glob with * and ? as OpenSSH's match_pattern. */
    public static boolean glob(String pattern, String s) {
        int p = 0, i = 0, star = -1, mark = 0;
        while (i < s.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') p++;
        return p == pattern.length();
    }

    /** Appends a line for a newly accepted host key, hashed if asked, creating the file (and ~/.ssh) if needed. */
    public static void add(Path file, String host, int port, SshPublicKey key, boolean hashed) throws IOException {
        String name = hostName(host, port);
        String line = (hashed ? hash(name) : name) + " " + key.keyType() + " "
                + Base64.getEncoder().encodeToString(key.blob()) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}

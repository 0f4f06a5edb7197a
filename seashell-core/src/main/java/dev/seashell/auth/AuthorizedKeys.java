package dev.seashell.auth;

import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * An authorized_keys file (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"): one key a line, optionally
 * preceded by comma-separated options. Lines that do not parse are skipped, as OpenSSH does.
 */
public final class AuthorizedKeys {
    /** One entry: its options as written (e.g. {@code command="x"}, {@code no-pty}) and the key. */
    public record Entry(List<String> options, SshPublicKey key, String comment, int line) {
        /** The value of an option such as {@code command="…"}, unquoted; empty if absent. */
        public Optional<String> option(String name) {
            for (String o : options) {
                int eq = o.indexOf('=');
                if (eq > 0 && o.substring(0, eq).equalsIgnoreCase(name)) return Optional.of(unquote(o.substring(eq + 1)));
            }
            return Optional.empty();
        }

        public boolean flag(String name) {
            return options.stream().anyMatch(o -> o.equalsIgnoreCase(name));
        }
    }

    private static final int MAX_FILE = 8 << 20;
    private final List<Entry> entries;

    private AuthorizedKeys(List<Entry> entries) {
        this.entries = entries;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Reads a file; a missing file is an empty list. */
    public static AuthorizedKeys read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return new AuthorizedKeys(List.of());
        if (Files.size(file) > MAX_FILE) throw new IOException(file + ": authorized_keys file too large");
        // Decoded leniently: one line of stray bytes must not lock the user out of every other key.
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    public static AuthorizedKeys parse(String text) {
        List<Entry> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            try {
                out.add(parseLine(l, i + 1));
            } catch (SshFormatException | IllegalArgumentException e) {
                // OpenSSH skips lines it cannot read.
            }
        }
        return new AuthorizedKeys(List.copyOf(out));
    }

    static Entry parseLine(String l, int lineNo) throws SshFormatException {
        List<String> options = List.of();
        String rest = l;
        if (!looksLikeKeyType(firstToken(l))) {
            int end = optionsEnd(l);
            options = splitOptions(l.substring(0, end));
            rest = l.substring(end).strip();
        }
        String[] parts = rest.split("\\s+", 3);
        if (parts.length < 2) throw new SshFormatException("missing key");
        SshPublicKey key = SshPublicKey.decode(Base64.getDecoder().decode(parts[1]));
        if (!key.keyType().equals(parts[0])) throw new SshFormatException("key type mismatch");
        return new Entry(options, key, parts.length > 2 ? parts[2] : "", lineNo);
    }

    /** The first entry for this exact key, if any; {@code cert-authority} lines only ever match certificates. */
    public Optional<Entry> find(SshPublicKey key) {
        byte[] blob = key.blob();
        for (Entry e : entries) if (!e.flag("cert-authority") && Arrays.equals(e.key().blob(), blob)) return Optional.of(e);
        return Optional.empty();
    }

    /** The {@code cert-authority} entries for this CA key, in file order. */
    public List<Entry> authorities(SshPublicKey ca) {
        return entries.stream().filter(e -> e.flag("cert-authority") && e.key().equals(ca)).toList();
    }

    private static String firstToken(String l) {
        int sp = 0;
        while (sp < l.length() && !Character.isWhitespace(l.charAt(sp))) sp++;
        return l.substring(0, sp);
    }

    private static boolean looksLikeKeyType(String t) {
        return t.startsWith("ssh-") || t.startsWith("ecdsa-sha2-") || t.startsWith("sk-") || t.startsWith("rsa-sha2-");
    }

    /** The end of the options field: the first whitespace outside double quotes. */
    static int optionsEnd(String l) throws SshFormatException {
        boolean quoted = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\\' && quoted && i + 1 < l.length()) i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && Character.isWhitespace(c)) return i;
        }
        throw new SshFormatException("options without a key");
    }

    static List<String> splitOptions(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) i++;
            else if (c == '"') quoted = !quoted;
            else if (c == ',' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return List.copyOf(out);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"");
        }
        return v;
    }
}

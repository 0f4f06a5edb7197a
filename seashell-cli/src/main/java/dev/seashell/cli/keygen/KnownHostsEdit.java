package dev.seashell.cli.keygen;

import dev.seashell.keys.KnownHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** known_hosts maintenance: -F (find), -R (remove), -H (hash), with ssh-keygen's messages. */
final class KnownHostsEdit {
    private KnownHostsEdit() {}

    /** A line split into its marker, hosts field and the rest (key and comment), or null for blanks and comments. */
    private record Line(String marker, String hosts, String rest) {
        static Line parse(String raw) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) return null;
            String marker = null;
            if (l.startsWith("@")) {
                int sp = firstBlank(l);
                if (sp < 0) return null;
                marker = l.substring(0, sp);
                l = l.substring(sp).stripLeading();
            }
            int sp = firstBlank(l);
            if (sp < 0) return null;
            return new Line(marker, l.substring(0, sp), l.substring(sp).stripLeading());
        }

        private static int firstBlank(String s) {
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == ' ' || s.charAt(i) == '\t') return i;
            return -1;
        }

        String markerLabel() {
            if (marker == null) return "";
            return switch (marker) {
                case "@cert-authority" -> "CA";
                case "@revoked" -> "REVOKED";
                default -> "";
            };
        }
    }

    static Path file(Io io, Options o) {
        return o.has('f') ? Path.of(o.get('f')) : io.home.resolve(".ssh").resolve("known_hosts");
    }

    /** -F host: prints each matching line (hashed with -H) after a "# Host … found" header; 1 if none. */
    static int find(Io io, Options o, String host) throws Fail {
        Path f = file(io, o);
        List<String> lines = read(f);
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Line l = Line.parse(lines.get(i));
            if (l == null || !KnownHosts.hostMatches(l.hosts(), host)) continue;
            found = true;
            if (!o.has('q')) io.out.println("# Host " + host + " found: line " + (i + 1) + " " + l.markerLabel());
            String text = lines.get(i);
            if (o.has('H') && !l.hosts().startsWith("|")) text = prefix(l) + KnownHosts.hash(host) + " " + l.rest();
            io.out.println(text);
        }
        return found ? 0 : 1;
    }

    /** -R host: removes the host's lines, keeping the original as file.old. */
    static int remove(Io io, Options o, String host) throws Fail, IOException {
        Path f = file(io, o);
        List<String> lines = read(f);
        List<String> kept = new ArrayList<>();
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Line l = Line.parse(lines.get(i));
            if (l != null && l.marker() == null && KnownHosts.hostMatches(l.hosts(), host)) {
                found = true;
                if (!o.has('q')) io.out.println("# Host " + host + " found: line " + (i + 1));
                continue;
            }
            kept.add(lines.get(i));
        }
        if (!found) {
            io.err.println("Host " + host + " not found in " + f);
            return 0;
        }
        replace(f, kept);
        io.out.println(f + " updated.");
        io.out.println("Original contents retained as " + f + ".old");
        return 0;
    }

    /** -H: hashes every plain host name (one line per name), keeping the original as file.old. */
    static int hash(Io io, Options o) throws Fail, IOException {
        Path f = file(io, o);
        List<String> lines = read(f);
        List<String> out = new ArrayList<>();
        boolean changed = false;
        for (String raw : lines) {
            Line l = Line.parse(raw);
            if (l == null || l.marker() != null || l.hosts().startsWith("|") || hasWildcard(l.hosts())) {
                out.add(raw);
                continue;
            }
            for (String name : l.hosts().split(",")) {
                out.add(KnownHosts.hash(name) + " " + l.rest());
            }
            changed = true;
        }
        replace(f, out);
        io.out.println(f + " updated.");
        io.out.println("Original contents retained as " + f + ".old");
        if (changed) {
            io.err.println("WARNING: " + f + ".old contains unhashed entries");
            io.err.println("Delete this file to ensure privacy of hostnames");
        }
        return 0;
    }

    private static boolean hasWildcard(String hosts) {
        return hosts.indexOf('*') >= 0 || hosts.indexOf('?') >= 0 || hosts.indexOf('!') >= 0;
    }

    private static String prefix(Line l) {
        return l.marker() == null ? "" : l.marker() + " ";
    }

    private static List<String> read(Path f) throws Fail {
        try {
            if (Files.size(f) > 64L << 20) throw Fail.fatal(f + ": file too large");
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw Fail.fatal("ssh-keygen: " + f + ": No such file or directory");
        } catch (IOException e) {
            throw Fail.fatal(f + ": " + e.getMessage());
        }
    }

    /** Moves the original to file.old and writes the new contents with the original's mode. */
    private static void replace(Path f, List<String> lines) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(f);
        } catch (UnsupportedOperationException e) {
            mode = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) sb.append(l).append('\n');
        Path old = Path.of(f + ".old");
        Files.copy(f, old, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        dev.seashell.keys.PrivateKeyFiles.writeAtomically(f, sb.toString().getBytes(StandardCharsets.UTF_8), mode);
    }
}

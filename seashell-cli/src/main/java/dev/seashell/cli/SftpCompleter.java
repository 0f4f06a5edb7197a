package dev.seashell.cli;

import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpEntry;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What Tab offers at sftp's prompt, as OpenSSH's sftp decides it: command names for the first word,
 * then remote or local paths by the command and the argument's position (flags not counted).
 * Values are literal (unescaped) words; the line editor quotes them.
 */
final class SftpCompleter {
    /** One candidate: the whole word, and whether it is finished (a directory is not: no space after it). */
    record Candidate(String value, boolean complete) {}

    /** Which kind of path an argument is. */
    enum Kind { NONE, REMOTE, LOCAL }

    static final List<String> COMMANDS = List.of("bye", "cd", "chdir", "chgrp", "chmod", "chown", "df", "dir", "exit", "get",
            "help", "lcd", "lchdir", "ldir", "lls", "lmkdir", "ln", "lpwd", "ls", "lumask", "mkdir", "progress", "put", "pwd",
            "quit", "reget", "rename", "reput", "rm", "rmdir", "symlink", "version");

    private static final Map<String, List<Kind>> ARGS = argKinds();

    /** Bounds a listing that Tab would otherwise read to the end of a huge directory. */
    private static final int MAX_ENTRIES = 10_000;

    private final SftpClient sftp;
    private final Supplier<String> remoteDirectory;
    private final Supplier<Path> localDirectory;

    SftpCompleter(SftpClient sftp, Supplier<String> remoteDirectory, Supplier<Path> localDirectory) {
        this.sftp = sftp;
        this.remoteDirectory = remoteDirectory;
        this.localDirectory = localDirectory;
    }

    private static Map<String, List<Kind>> argKinds() {
        var remote = List.of(Kind.REMOTE);
        var local = List.of(Kind.LOCAL);
        var twoRemote = List.of(Kind.REMOTE, Kind.REMOTE);
        var modeThenRemote = List.of(Kind.NONE, Kind.REMOTE);
        var get = List.of(Kind.REMOTE, Kind.LOCAL);
        var put = List.of(Kind.LOCAL, Kind.REMOTE);
        return Map.ofEntries(Map.entry("get", get), Map.entry("reget", get), Map.entry("put", put), Map.entry("reput", put),
                Map.entry("cd", remote), Map.entry("chdir", remote), Map.entry("ls", remote), Map.entry("dir", remote),
                Map.entry("rm", remote), Map.entry("mkdir", remote), Map.entry("rmdir", remote), Map.entry("df", remote),
                Map.entry("rename", twoRemote), Map.entry("ln", twoRemote), Map.entry("symlink", twoRemote),
                Map.entry("chmod", modeThenRemote), Map.entry("chown", modeThenRemote), Map.entry("chgrp", modeThenRemote),
                Map.entry("lcd", local), Map.entry("lchdir", local), Map.entry("lls", local), Map.entry("ldir", local),
                Map.entry("lmkdir", local));
    }

    /** The kind of path the next word is, after {@code before} (the command and the words already typed). */
    static Kind kindAfter(List<String> before) {
        if (before.isEmpty()) return Kind.NONE;
        List<Kind> kinds = ARGS.getOrDefault(before.getFirst(), List.of());
        int position = 0;
        for (String w : before.subList(1, before.size())) if (!(w.startsWith("-") && w.length() > 1)) position++;
        return position < kinds.size() ? kinds.get(position) : Kind.NONE;
    }

    /**
     * Candidates for the word being typed: {@code before} are the complete words in front of it,
     * {@code partial} the literal text of the word up to the cursor.
     */
    List<Candidate> complete(List<String> before, String partial) {
        if (before.isEmpty()) {
            return COMMANDS.stream().filter(c -> c.startsWith(partial)).map(c -> new Candidate(c, true)).toList();
        }
        if (partial.startsWith("-")) return List.of(); // a flag
        return switch (kindAfter(before)) {
            case REMOTE -> remote(partial);
            case LOCAL -> local(partial);
            case NONE -> List.of();
        };
    }

    private List<Candidate> remote(String partial) {
        int slash = partial.lastIndexOf('/');
        String dirPart = partial.substring(0, slash + 1);
        String prefix = partial.substring(slash + 1);
        String dir = RemotePaths.absolute(remoteDirectory.get(), dirPart.isEmpty() ? "." : dirPart);
        List<Candidate> out = new ArrayList<>();
        try {
            var h = sftp.openDir(dir);
            try {
                int seen = 0;
                for (List<SftpEntry> batch; seen < MAX_ENTRIES && !(batch = sftp.readDir(h)).isEmpty(); seen += batch.size()) {
                    for (SftpEntry e : batch) {
                        String name = e.filename();
                        if (!matches(name, prefix)) continue;
                        boolean directory = isDirectory(e.attrs(), RemotePaths.join(dir, name));
                        out.add(new Candidate(dirPart + name + (directory ? "/" : ""), !directory));
                    }
                }
            } finally {
                sftp.close(h);
            }
        } catch (IOException e) {
            return List.of(); // nothing to offer, as sftp rings the bell
        }
        out.sort(Comparator.comparing(Candidate::value));
        return out;
    }

    private boolean isDirectory(SftpAttributes a, String path) {
        if (a.isDirectory()) return true;
        if (!a.isSymbolicLink()) return false;
        try {
            return sftp.stat(path).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private List<Candidate> local(String partial) {
        int slash = partial.lastIndexOf('/');
        String dirPart = partial.substring(0, slash + 1);
        String prefix = partial.substring(slash + 1);
        String expanded = dirPart.startsWith("~/") ? System.getProperty("user.home") + dirPart.substring(1) : dirPart;
        Path dir = localDirectory.get().resolve(expanded.isEmpty() ? "." : expanded);
        List<Candidate> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            int seen = 0;
            for (Path p : s) {
                if (++seen > MAX_ENTRIES) break;
                String name = p.getFileName().toString();
                if (!matches(name, prefix)) continue;
                boolean directory = Files.isDirectory(p);
                out.add(new Candidate(dirPart + name + (directory ? "/" : ""), !directory));
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(Comparator.comparing(Candidate::value));
        return out;
    }

    /** Hidden names only when the typed prefix asks for them, as a shell does. */
    private static boolean matches(String name, String prefix) {
        if (name.equals(".") || name.equals("..")) return false;
        if (name.startsWith(".") && !prefix.startsWith(".")) return false;
        return name.startsWith(prefix);
    }
}

package dev.seashell.cli;

import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpEntry;
import dev.seashell.sftp.SftpException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * sftp's command interpreter over one session: reads lines (prompting when interactive, echoing
 * them in batch mode), runs each and, in batch mode, stops at the first failure of a command not
 * prefixed with '-'. Texts are OpenSSH sftp's.
 */
final class SftpShell {
    /** Outcome of one command. */
    enum Result { OK, FAILED, QUIT }

    /** The session-wide defaults from sftp's own flags. */
    record Defaults(boolean preserve, boolean recursive, boolean resume, boolean quiet, int chunk, int depth) {}

    private static final int WIDTH = 80;
    private final SftpClient sftp;
    private final PrintStream out;
    private final PrintStream err;
    private final Defaults defaults;
    private final String home;
    private String cwd;
    private Path lcwd;
    private boolean progress;
    private ProgressMeter.Factory meters = ProgressMeter.Factory.NONE;

    SftpShell(SftpClient sftp, PrintStream out, PrintStream err, Defaults defaults, Path localDirectory) throws IOException {
        this.sftp = sftp;
        this.out = out;
        this.err = err;
        this.defaults = defaults;
        this.home = sftp.realpath(".");
        this.cwd = home;
        this.lcwd = localDirectory.toAbsolutePath().normalize();
        this.progress = !defaults.quiet();
    }

    /** Shows a progress meter for each transfer (stdout is a terminal and -q was not given), until "progress" turns it off. */
    void showProgress(ProgressMeter.Factory factory) {
        meters = factory;
    }

    String remoteDirectory() {
        return cwd;
    }

    /** Where command lines come from; null at the end. */
    interface Lines {
        String read() throws IOException;
    }

    /**
     * Runs commands from {@code in} until EOF or quit. Returns 0, or 1 when batch mode stopped at
     * a failure.
     */
    int loop(BufferedReader in, boolean interactive, boolean batch) throws IOException {
        Lines lines = () -> {
            if (interactive) {
                out.print("sftp> ");
                out.flush();
            }
            String line = in.readLine();
            if (line == null && interactive) out.println();
            if (line != null && !interactive) out.println("sftp> " + line);
            return line;
        };
        return loop(lines, batch);
    }

    /** Runs commands from a line editor (which shows its own prompt) or a reader until EOF or quit. */
    int loop(Lines in, boolean batch) throws IOException {
        while (true) {
            String line = in.read();
            if (line == null) return 0;
            out.flush();
            String cmd = line.strip();
            boolean ignoreErrors = cmd.startsWith("-");
            if (ignoreErrors) cmd = cmd.substring(1).strip();
            Result r = execute(cmd);
            out.flush();
            if (r == Result.QUIT) return 0;
            if (r == Result.FAILED && batch && !ignoreErrors) return 1;
        }
    }

    /** The local working directory (lcd). */
    Path localDirectory() {
        return lcwd;
    }

    /** Tab completion against this shell's remote and local working directories. */
    SftpCompleter completer() {
        return new SftpCompleter(sftp, this::remoteDirectory, this::localDirectory);
    }

    /** Runs one command line (without sftp's '-' prefix). */
    Result execute(String line) {
        if (line.isEmpty() || line.startsWith("#")) return Result.OK;
        if (line.startsWith("!")) return shellEscape(line.substring(1));
        List<String> words;
        try {
            words = SftpTokens.split(line);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + ".");
            return Result.FAILED;
        }
        if (words.isEmpty()) return Result.OK;
        String name = words.getFirst();
        List<String> args = new ArrayList<>(words.subList(1, words.size()));
        try {
            return switch (name) {
                case "bye", "exit", "quit" -> Result.QUIT;
                case "cd", "chdir" -> cd(args);
                case "lcd", "lchdir" -> lcd(args);
                case "pwd" -> print("Remote working directory: " + cwd);
                case "lpwd" -> print("Local working directory: " + lcwd);
                case "ls", "dir" -> ls(args);
                case "lls", "ldir" -> lls(args);
                case "mkdir" -> mkdir(args);
                case "lmkdir" -> lmkdir(args);
                case "rmdir" -> rmdir(args);
                case "rm", "del", "delete" -> rm(args);
                case "rename" -> rename(args);
                case "ln" -> ln(args);
                case "symlink" -> {
                    args.addFirst("-s");
                    yield ln(args);
                }
                case "chmod" -> chmod(args);
                case "chown" -> chown(args, true);
                case "chgrp" -> chown(args, false);
                case "get" -> get(args, false);
                case "reget" -> get(args, true);
                case "put" -> put(args, false);
                case "reput" -> put(args, true);
                case "df" -> df(args);
                case "version" -> print("SFTP protocol version " + sftp.serverVersion());
                case "help", "?" -> print(SftpHelp.TEXT);
                case "progress" -> {
                    progress = !progress;
                    yield print("Progress meter " + (progress ? "enabled" : "disabled"));
                }
                case "lumask" -> print("Local umask: 022");
                default -> {
                    err.println("Invalid command.");
                    yield Result.FAILED;
                }
            };
        } catch (Usage u) {
            err.println(u.getMessage());
            return Result.FAILED;
        } catch (IOException e) {
            // A dead session: every later command would fail the same way.
            err.println("Connection closed: " + RemotePaths.describe(e));
            return Result.FAILED;
        }
    }

    /** A command used wrongly; the message is sftp's. */
    private static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    private Result print(String s) {
        out.println(s);
        return Result.OK;
    }

    private Result fail(String s) {
        err.println(s);
        return Result.FAILED;
    }

    /** Leading -x flags of a command, checked against {@code allowed}; they are removed from {@code args}. */
    private static Map<Character, Boolean> flags(String cmd, List<String> args, String allowed) throws Usage {
        Map<Character, Boolean> f = new HashMap<>();
        while (!args.isEmpty() && args.getFirst().startsWith("-") && args.getFirst().length() > 1) {
            String a = args.removeFirst();
            if (a.equals("--")) break;
            for (char c : a.substring(1).toCharArray()) {
                if (allowed.indexOf(c) < 0) throw new Usage(cmd + ": Invalid flag -" + c);
                f.put(c, true);
            }
        }
        return f;
    }

    private String remote(String word) {
        return RemotePaths.absolute(cwd, SftpTokens.literal(word));
    }

    private Path local(String word) {
        String s = SftpTokens.literal(word);
        if (s.equals("~")) s = System.getProperty("user.home");
        else if (s.startsWith("~/")) s = System.getProperty("user.home") + s.substring(1);
        return lcwd.resolve(s).normalize();
    }

    private static void need(List<String> args, int n, String message) throws Usage {
        if (args.size() < n) throw new Usage(message);
    }

    // ---- directories ----

    private Result cd(List<String> args) throws Usage {
        String target = args.isEmpty() ? home : remote(args.getFirst());
        SftpAttributes a;
        try {
            a = sftp.stat(target);
        } catch (IOException e) {
            return fail("stat remote: " + RemotePaths.describe(e));
        }
        if (!a.hasPermissions()) return fail("Can't change directory: Can't check target");
        if (!a.isDirectory()) return fail("Can't change directory: \"" + target + "\" is not a directory");
        try {
            cwd = sftp.realpath(target);
        } catch (IOException e) {
            return fail("realpath \"" + target + "\": " + RemotePaths.describe(e));
        }
        return Result.OK;
    }

    private Result lcd(List<String> args) {
        Path p = args.isEmpty() ? Path.of(System.getProperty("user.home")) : local(args.getFirst());
        String shown = args.isEmpty() ? p.toString() : SftpTokens.literal(args.getFirst());
        if (!Files.exists(p)) return fail("Couldn't change local directory to \"" + shown + "\": No such file or directory");
        if (!Files.isDirectory(p)) return fail("Couldn't change local directory to \"" + shown + "\": Not a directory");
        lcwd = p;
        return Result.OK;
    }

    private Result mkdir(List<String> args) throws Usage {
        need(args, 1, "You must specify a path after a mkdir command.");
        String p = remote(args.getFirst());
        try {
            sftp.mkdir(p, SftpAttributes.EMPTY.withPermissions(0777));
            return Result.OK;
        } catch (IOException e) {
            return fail("remote mkdir \"" + p + "\": " + RemotePaths.describe(e));
        }
    }

    private Result lmkdir(List<String> args) throws Usage {
        need(args, 1, "You must specify a path after a lmkdir command.");
        Path p = local(args.getFirst());
        try {
            Files.createDirectory(p);
            return Result.OK;
        } catch (IOException e) {
            return fail("Couldn't create local directory \"" + SftpTokens.literal(args.getFirst()) + "\": " + RemotePaths.describe(e));
        }
    }

    private Result rmdir(List<String> args) throws Usage {
        need(args, 1, "You must specify a path after a rmdir command.");
        String p = remote(args.getFirst());
        try {
            sftp.rmdir(p);
            return Result.OK;
        } catch (IOException e) {
            return fail("remote rmdir \"" + p + "\": " + RemotePaths.describe(e));
        }
    }

    // ---- names ----

    private List<String> globRemote(String word) throws IOException {
        return RemotePaths.glob(sftp, RemotePaths.absolute(cwd, word));
    }

    private Result rm(List<String> args) throws Usage, IOException {
        need(args, 1, "You must specify a path after a rm command.");
        List<String> matches = globRemote(args.getFirst());
        if (matches.isEmpty()) return fail("File \"" + remote(args.getFirst()) + "\" not found.");
        Result r = Result.OK;
        for (String m : matches) {
            if (!defaults.quiet()) out.println("Removing " + m);
            try {
                sftp.remove(m);
            } catch (IOException e) {
                err.println("remote delete " + m + ": " + RemotePaths.describe(e));
                r = Result.FAILED;
            }
        }
        return r;
    }

    private Result rename(List<String> args) throws Usage {
        flags("rename", args, "l");
        need(args, 2, "You must specify two paths after a rename command.");
        String from = remote(args.get(0));
        String to = remote(args.get(1));
        try {
            sftp.rename(from, to);
            return Result.OK;
        } catch (IOException e) {
            return fail("remote rename \"" + from + "\" to \"" + to + "\": " + RemotePaths.describe(e));
        }
    }

    private Result ln(List<String> args) throws Usage {
        boolean symbolic = flags("ln", args, "s").containsKey('s');
        need(args, 2, "You must specify two paths after a " + (symbolic ? "symlink" : "ln") + " command.");
        // A symbolic link's target is stored as typed; a hard link names an existing file.
        String target = symbolic ? SftpTokens.literal(args.get(0)) : remote(args.get(0));
        String link = remote(args.get(1));
        try {
            if (symbolic) sftp.symlink(target, link);
            else sftp.hardlink(target, link);
            return Result.OK;
        } catch (IOException e) {
            return fail("remote " + (symbolic ? "symlink file" : "link") + " \"" + target + "\" to \"" + link + "\": "
                    + RemotePaths.describe(e));
        }
    }

    private Result chmod(List<String> args) throws Usage, IOException {
        flags("chmod", args, "h");
        need(args, 2, "You must supply a numeric argument to the chmod command.");
        int mode;
        try {
            mode = Integer.parseInt(args.get(0), 8);
            if (mode < 0 || mode > 07777) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new Usage("You must supply a numeric argument to the chmod command.");
        }
        List<String> matches = globRemote(args.get(1));
        if (matches.isEmpty()) return fail("File \"" + remote(args.get(1)) + "\" not found.");
        Result r = Result.OK;
        for (String m : matches) {
            if (!defaults.quiet()) out.println("Changing mode on " + m);
            try {
                sftp.setstat(m, SftpAttributes.EMPTY.withPermissions(mode));
            } catch (IOException e) {
                err.println("remote setstat \"" + m + "\": " + RemotePaths.describe(e));
                r = Result.FAILED;
            }
        }
        return r;
    }

    private Result chown(List<String> args, boolean owner) throws Usage, IOException {
        String cmd = owner ? "chown" : "chgrp";
        flags(cmd, args, "h");
        need(args, 2, "You must supply a numeric argument to the " + cmd + " command.");
        int id;
        try {
            id = Integer.parseInt(args.get(0));
        } catch (NumberFormatException e) {
            throw new Usage("You must supply a numeric argument to the " + cmd + " command.");
        }
        List<String> matches = globRemote(args.get(1));
        if (matches.isEmpty()) return fail("File \"" + remote(args.get(1)) + "\" not found.");
        Result r = Result.OK;
        for (String m : matches) {
            try {
                SftpAttributes a = sftp.stat(m);
                if (!a.hasOwner()) {
                    err.println("Can't get current ownership of remote file \"" + m + "\"");
                    r = Result.FAILED;
                    continue;
                }
                if (!defaults.quiet()) out.println("Changing " + (owner ? "owner" : "group") + " on " + m);
                sftp.setstat(m, SftpAttributes.EMPTY.withOwner(owner ? id : a.uid(), owner ? a.gid() : id));
            } catch (IOException e) {
                err.println("remote setstat \"" + m + "\": " + RemotePaths.describe(e));
                r = Result.FAILED;
            }
        }
        return r;
    }

    // ---- listings ----

    private Result ls(List<String> args) throws Usage, IOException {
        Map<Character, Boolean> f = flags("ls", args, "1afhlnrSt");
        boolean lng = f.containsKey('l') || f.containsKey('n');
        boolean all = f.containsKey('a');
        String typed = args.isEmpty() ? null : args.getFirst();
        String abs = typed == null ? cwd : remote(typed);
        List<String[]> shown = new ArrayList<>(); // {display name, full path}
        List<SftpAttributes> attrs = new ArrayList<>();
        SftpAttributes self = null;
        if (typed == null || !RemotePaths.hasGlob(typed)) {
            try {
                self = sftp.stat(abs);
            } catch (SftpException e) {
                return fail("Can't ls: \"" + abs + "\" not found");
            }
        }
        if (self != null && self.isDirectory()) {
            List<SftpEntry> entries;
            try {
                entries = readDirectory(abs);
            } catch (SftpException e) {
                return fail("Couldn't read directory: " + RemotePaths.describe(e));
            }
            for (SftpEntry e : entries) {
                if (!all && e.filename().startsWith(".")) continue;
                String display = typed == null ? e.filename() : RemotePaths.join(SftpTokens.literal(typed), e.filename());
                shown.add(new String[] {display, RemotePaths.join(abs, e.filename())});
                attrs.add(e.attrs());
            }
        } else if (self != null) {
            shown.add(new String[] {SftpTokens.literal(typed), abs});
            attrs.add(self);
        } else {
            List<String> matches = RemotePaths.glob(sftp, abs);
            if (matches.isEmpty()) return fail("Can't ls: \"" + abs + "\" not found");
            String prefix = typed.contains("/") ? typed.substring(0, typed.lastIndexOf('/') + 1) : "";
            for (String m : matches) {
                shown.add(new String[] {SftpTokens.literal(prefix) + RemotePaths.basename(m), m});
                attrs.add(sftp.lstat(m));
            }
        }
        int width = 0; // sftp sizes glob columns by the full matched paths
        if (self == null) for (String[] n : shown) width = Math.max(width, n[1].length());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) order.add(i);
        if (!f.containsKey('f')) {
            Comparator<Integer> c = f.containsKey('t') ? Comparator.comparingLong((Integer i) -> -attrs.get(i).mtime())
                    : f.containsKey('S') ? Comparator.comparingLong((Integer i) -> -attrs.get(i).size())
                    : Comparator.comparing((Integer i) -> shown.get(i)[0]);
            order.sort(f.containsKey('r') ? c.reversed() : c);
        }
        if (!lng) {
            List<String> names = order.stream().map(i -> shown.get(i)[0]).toList();
            if (f.containsKey('1')) names.forEach(out::println);
            else out.print(SftpListing.columns(names, WIDTH, width));
            return Result.OK;
        }
        Map<Integer, String> users = new HashMap<>();
        Map<Integer, String> groups = new HashMap<>();
        if (!f.containsKey('n')) names(attrs, users, groups);
        for (int i : order) {
            SftpAttributes a = attrs.get(i);
            String u = users.getOrDefault(a.uid(), Integer.toString(a.uid()));
            String g = groups.getOrDefault(a.gid(), Integer.toString(a.gid()));
            out.println(SftpListing.longLine(shown.get(i)[0], a, u, g, f.containsKey('h')));
        }
        return Result.OK;
    }

    /** Every entry including "." and "..", which ls -a shows. */
    private List<SftpEntry> readDirectory(String dir) throws IOException {
        var h = sftp.openDir(dir);
        List<SftpEntry> all = new ArrayList<>();
        try {
            for (List<SftpEntry> batch; !(batch = sftp.readDir(h)).isEmpty(); ) all.addAll(batch);
        } finally {
            sftp.close(h);
        }
        return all;
    }

    /** Owner and group names through users-groups-by-id@openssh.com, when the server offers it. */
    private void names(List<SftpAttributes> attrs, Map<Integer, String> users, Map<Integer, String> groups) {
        if (!sftp.extensions().containsKey("users-groups-by-id@openssh.com")) return;
        int[] uids = attrs.stream().mapToInt(SftpAttributes::uid).distinct().toArray();
        int[] gids = attrs.stream().mapToInt(SftpAttributes::gid).distinct().toArray();
        try {
            List<List<String>> n = sftp.usersGroupsById(uids, gids);
            for (int i = 0; i < uids.length; i++) if (!n.get(0).get(i).isEmpty()) users.put(uids[i], n.get(0).get(i));
            for (int i = 0; i < gids.length; i++) if (!n.get(1).get(i).isEmpty()) groups.put(gids[i], n.get(1).get(i));
        } catch (IOException e) {
            // Numbers will do.
        }
    }

    private Result df(List<String> args) throws Usage {
        Map<Character, Boolean> f = flags("df", args, "hi");
        String p = args.isEmpty() ? cwd : remote(args.getFirst());
        if (!sftp.extensions().containsKey("statvfs@openssh.com")) {
            return fail("Server does not support statvfs@openssh.com extension");
        }
        try {
            out.print(SftpListing.df(sftp.statvfs(p), f.containsKey('h'), f.containsKey('i')));
            return Result.OK;
        } catch (IOException e) {
            return fail("remote statvfs \"" + p + "\": " + RemotePaths.describe(e));
        }
    }

    // ---- transfers ----

    private Transfers transfers(Map<Character, Boolean> f, boolean resume) {
        Transfers.Settings s = new Transfers.Settings(defaults.preserve() || f.containsKey('p') || f.containsKey('P'),
                resume || defaults.resume() || f.containsKey('a'), false,
                defaults.recursive() || f.containsKey('r') || f.containsKey('R'), defaults.chunk(), defaults.depth());
        return new Transfers(sftp, s, new Transfers.Report() {
            @Override
            public void info(String line) {
                out.println(line); // sftp prints "Entering" and "Retrieving" even when quiet
            }

            @Override
            public void error(String line) {
                err.println(line);
            }
        }, progress ? meters : ProgressMeter.Factory.NONE);
    }

    private Result get(List<String> args, boolean resume) throws Usage, IOException {
        Map<Character, Boolean> f = flags(resume ? "reget" : "get", args, "afpPrR");
        need(args, 1, "You must specify at least one path after a " + (resume ? "reget" : "get") + " command.");
        resume |= f.containsKey('a') || defaults.resume();
        String abs = remote(args.get(0));
        List<String> matches = globRemote(args.get(0));
        if (matches.size() == 1 && !RemotePaths.hasGlob(args.get(0))) {
            try {
                sftp.lstat(matches.getFirst());
            } catch (SftpException e) {
                matches = List.of();
            }
        }
        if (matches.isEmpty()) return fail("File \"" + abs + "\" not found.");
        String localWord = args.size() > 1 ? SftpTokens.literal(args.get(1)) : null;
        Path localTarget = localWord == null ? null : local(args.get(1));
        boolean intoDir = localTarget == null || Files.isDirectory(localTarget);
        if (matches.size() > 1 && !intoDir) {
            return fail("Multiple source paths, but destination \"" + localWord + "\" is not a directory");
        }
        Transfers t = transfers(f, resume);
        Result r = Result.OK;
        for (String m : matches) {
            String name = RemotePaths.basename(m);
            Path dst = intoDir ? (localTarget == null ? lcwd : localTarget).resolve(name) : localTarget;
            String shown = !intoDir ? localWord : localWord == null ? name : RemotePaths.join(localWord, name);
            boolean dir = isDirectory(m);
            String src = dir ? RemotePaths.join(m, "") : m;
            if (!defaults.quiet()) out.println((resume ? "Resuming " : "Fetching ") + src + " to " + shown);
            if (!t.download(m, dst, shown)) r = Result.FAILED;
        }
        return r;
    }

    boolean isDirectory(String p) {
        try {
            return sftp.stat(p).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private Result put(List<String> args, boolean resume) throws Usage, IOException {
        Map<Character, Boolean> f = flags(resume ? "reput" : "put", args, "afpPrR");
        need(args, 1, "You must specify at least one path after a " + (resume ? "reput" : "put") + " command.");
        resume |= f.containsKey('a') || defaults.resume();
        List<Path> matches = globLocal(args.get(0));
        String typed = SftpTokens.literal(args.get(0));
        if (matches.isEmpty()) {
            if (RemotePaths.hasGlob(args.get(0))) return fail("File \"" + typed + "\" not found.");
            return fail("stat " + typed + ": No such file or directory");
        }
        String remoteTarget = args.size() > 1 ? remote(args.get(1)) : null;
        boolean intoDir = remoteTarget == null || isDirectory(remoteTarget);
        if (matches.size() > 1 && !intoDir) {
            return fail("Multiple paths match, but destination \"" + remoteTarget + "\" is not a directory");
        }
        Transfers t = transfers(f, resume);
        Result r = Result.OK;
        for (Path p : matches) {
            String name = p.getFileName() == null ? "/" : p.getFileName().toString();
            String dst = intoDir ? RemotePaths.join(remoteTarget == null ? cwd : remoteTarget, name) : remoteTarget;
            String shown = matches.size() == 1 && !RemotePaths.hasGlob(args.get(0)) ? typed : lcwd.relativize(p).toString();
            if (p.isAbsolute() && !lcwd.equals(p) && !p.startsWith(lcwd)) shown = p.toString();
            if (Files.isDirectory(p) && !shown.endsWith("/")) shown += "/";
            if (!defaults.quiet()) out.println((resume ? "Resuming upload of " : "Uploading ") + shown + " to " + dst);
            if (resume && Files.isRegularFile(p)) {
                SftpAttributes existing;
                try {
                    existing = sftp.stat(dst);
                } catch (SftpException e) {
                    err.println("stat remote: " + RemotePaths.describe(e));
                    r = Result.FAILED;
                    continue;
                }
                if (existing.size() >= Files.size(p)) {
                    err.println("resume \"" + shown + "\": destination file same size or larger");
                    r = Result.FAILED;
                    continue;
                }
            }
            if (!Files.exists(p)) {
                err.println("stat " + shown + ": No such file or directory");
                r = Result.FAILED;
            } else if (!t.upload(p, shown, dst)) {
                r = Result.FAILED;
            }
        }
        return r;
    }

    /** Local glob on the last component; a plain name comes back if it exists. */
    private List<Path> globLocal(String word) throws IOException {
        String lit = SftpTokens.literal(word);
        if (!RemotePaths.hasGlob(word)) {
            Path p = local(word);
            return Files.exists(p) ? List.of(p) : List.of();
        }
        Path pattern = lcwd.resolve(lit);
        Path dir = pattern.getParent() == null ? lcwd : pattern.getParent();
        int slash = word.lastIndexOf('/');
        String glob = slash < 0 ? word : word.substring(slash + 1);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) if (!p.getFileName().toString().startsWith(".") || glob.startsWith(".")) out.add(p);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    // ---- local ----

    private Result lls(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("ls"));
        args.forEach(a -> cmd.add(SftpTokens.literal(a)));
        return runLocal(cmd);
    }

    private Result shellEscape(String command) {
        if (command.isBlank()) {
            String shell = System.getenv().getOrDefault("SHELL", "/bin/sh");
            try {
                Process p = new ProcessBuilder(shell).directory(lcwd.toFile()).inheritIO().start();
                p.waitFor();
                return Result.OK;
            } catch (IOException e) {
                return fail("Couldn't execute \"" + shell + "\": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Result.FAILED;
            }
        }
        return runLocal(List.of("/bin/sh", "-c", command));
    }

    /** Runs a local command in the local working directory; its output goes where sftp's goes. */
    private Result runLocal(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(lcwd.toFile()).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            Thread errPump = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
            copy(p.getInputStream(), out);
            errPump.join();
            int status = p.waitFor();
            if (status != 0) err.println("Shell exited with status " + status);
            return status == 0 ? Result.OK : Result.FAILED;
        } catch (IOException e) {
            return fail("Couldn't execute \"" + cmd.getFirst() + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.FAILED;
        }
    }

    private static void copy(InputStream in, PrintStream to) {
        try (in) {
            in.transferTo(to);
            to.flush();
        } catch (IOException e) {
            // The process went away.
        }
    }
}

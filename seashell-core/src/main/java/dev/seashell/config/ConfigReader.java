package dev.seashell.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a configuration file into a flat list of directives, each carrying the section lines
 * ({@code Host}/{@code Match}) that guard it. {@code Include} is expanded in place: an included file
 * starts under the includer's current guards, its own sections add to them, and the includer's
 * section resumes afterwards, as in OpenSSH's readconf.c and servconf.c.
 */
final class ConfigReader {
    /** A directive plus the section lines that must all match for it to apply. */
    record Entry(ConfigLine line, List<ConfigLine> guards) {}

    private static final int MAX_DEPTH = 16;

    private final Set<String> sectionKeywords;
    private final Path includeBase;
    private final UnaryOperator<String> includeExpander;

    ConfigReader(Set<String> sectionKeywords, Path includeBase, UnaryOperator<String> includeExpander) {
        this.sectionKeywords = sectionKeywords;
        this.includeBase = includeBase;
        this.includeExpander = includeExpander;
    }

    List<Entry> readFile(Path file) throws ConfigException {
        List<Entry> out = new ArrayList<>();
        read(file, List.of(), 0, out);
        return out;
    }

    /** Parses {@code -o} style lines: unguarded, file name {@code command-line}, line 0. */
    static List<Entry> readOverrides(List<String> options) throws ConfigException {
        List<Entry> out = new ArrayList<>();
        for (String o : options) {
            ConfigLine line = ConfigLine.parse("command-line", 0, o);
            if (line != null) {
                out.add(new Entry(line, List.of()));
            }
        }
        return out;
    }

    private void read(Path file, List<ConfigLine> outer, int depth, List<Entry> out) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": " + e.getMessage(), e);
        }
        List<ConfigLine> guards = outer;
        for (int i = 0; i < lines.size(); i++) {
            ConfigLine line = ConfigLine.parse(file.toString(), i + 1, lines.get(i));
            if (line == null) {
                continue;
            }
            String key = line.key();
            if (sectionKeywords.contains(key)) {
                List<ConfigLine> g = new ArrayList<>(outer);
                g.add(line);
                guards = List.copyOf(g);
                out.add(new Entry(line, guards));
            } else if (key.equals("include")) {
                if (line.args().isEmpty()) {
                    throw new ConfigException(line.where() + ": Include missing filename argument");
                }
                if (depth + 1 > MAX_DEPTH) {
                    throw new ConfigException(line.where() + ": Too many recursive configuration includes");
                }
                for (String arg : line.args()) {
                    for (Path p : glob(includeExpander.apply(arg))) {
                        read(p, guards, depth + 1, out);
                    }
                }
            } else {
                out.add(new Entry(line, guards));
            }
        }
    }

    /** Expands a glob(3) pattern relative to the include base, in lexical order; no match is no files. */
    List<Path> glob(String pattern) throws ConfigException {
        Path p = Path.of(pattern);
        if (!p.isAbsolute()) {
            p = includeBase.resolve(p);
        }
        List<Path> current = List.of(p.getRoot() == null ? Path.of("") : p.getRoot());
        for (Path part : p) {
            String name = part.toString();
            List<Path> next = new ArrayList<>();
            for (Path dir : current) {
                if (name.indexOf('*') < 0 && name.indexOf('?') < 0 && name.indexOf('[') < 0) {
                    Path child = dir.resolve(name);
                    if (Files.exists(child)) {
                        next.add(child);
                    }
                    continue;
                }
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + name);
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                    for (Path child : ds) {
                        String fn = child.getFileName().toString();
                        if ((fn.startsWith(".") && !name.startsWith(".")) || !m.matches(Path.of(fn))) {
                            continue;
                        }
                        next.add(child);
                    }
                } catch (IOException e) {
                    throw new ConfigException(dir + ": " + e.getMessage(), e);
                }
            }
            next.sort(null);
            current = next;
        }
        return current.stream().filter(Files::isRegularFile).toList();
    }
}

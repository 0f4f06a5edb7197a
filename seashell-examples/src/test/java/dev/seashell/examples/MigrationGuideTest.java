package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/migrating.md cannot drift from code that compiles: every Seashell snippet must equal
 * (whitespace-normalised) a {@code tag::name[]} region of the migration sources, and the
 * lines-of-code table must match the snippets as they stand.
 */
class MigrationGuideTest {
    private static final Path DOC = Path.of("..", "docs", "migrating.md");
    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "seashell", "examples", "migration");
    private static final List<String> TASKS = List.of("connect-exec", "known-hosts", "key-file", "password",
            "sftp-upload", "sftp-download", "local-forward", "remote-forward", "shell-pty", "server");
    private static final List<String> LIBRARIES = List.of("seashell", "jsch", "sshj", "mina");
    private static final Pattern SNIPPET = Pattern.compile("<!-- (\\w+):([a-z-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("^## (\\d+\\. .+)$", Pattern.MULTILINE);
    private static final Pattern TAG = Pattern.compile("// tag::([a-z-]+)\\[]\\n(.*?)// end::\\1\\[]", Pattern.DOTALL);

    @Test
    void everySeashellSnippetIsTheCompiledSource() throws IOException {
        Map<String, String> tagged = taggedRegions();
        Map<String, String> documented = snippets().getOrDefault("seashell", Map.of());

        assertThat(tagged.keySet()).containsExactlyInAnyOrderElementsOf(TASKS);
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(TASKS);
        for (String task : TASKS) {
            assertThat(normalise(documented.get(task))).as("docs/migrating.md snippet " + task)
                    .isEqualTo(normalise(tagged.get(task)));
        }
    }

    @Test
    void everyTaskIsComparedWithEachLibraryThatCanDoIt() throws IOException {
        Map<String, Map<String, String>> all = snippets();
        for (String lib : LIBRARIES) {
            List<String> expected = lib.equals("jsch") || lib.equals("sshj") ? TASKS.subList(0, 9) : TASKS;
            assertThat(all.get(lib).keySet()).as(lib).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theLinesOfCodeTableMatchesTheSnippets() throws IOException {
        String doc = Files.readString(DOC);
        String table = doc.substring(doc.indexOf("<!-- loc-table -->\n") + "<!-- loc-table -->\n".length(),
                doc.indexOf("<!-- end-loc-table -->"));

        assertThat(table).as("paste this table into docs/migrating.md").isEqualTo(locTable(doc));
    }

    /** Non-blank lines that are not only a comment. */
    static int linesOfCode(String snippet) {
        return (int) snippet.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("/*") && !l.startsWith("*"))
                .count();
    }

    private static String locTable(String doc) throws IOException {
        Map<String, Map<String, String>> all = snippets();
        List<String> titles = new ArrayList<>();
        Matcher h = HEADING.matcher(doc);
        while (h.find()) titles.add(h.group(1));
        StringBuilder b = new StringBuilder("| Task | Seashell | JSch | sshj | MINA SSHD |\n|---|---|---|---|---|\n");
        int[] totals = new int[LIBRARIES.size()];
        for (int i = 0; i < TASKS.size(); i++) {
            b.append("| ").append(titles.get(i));
            for (int l = 0; l < LIBRARIES.size(); l++) {
                String s = all.get(LIBRARIES.get(l)).get(TASKS.get(i));
                if (s != null) totals[l] += linesOfCode(s);
                b.append(" | ").append(s == null ? "—" : Integer.toString(linesOfCode(s)));
            }
            b.append(" |\n");
        }
        b.append("| **Total, tasks 1-9** |");
        for (int l = 0; l < LIBRARIES.size(); l++) {
            String server = all.get(LIBRARIES.get(l)).get("server");
            b.append(' ').append(totals[l] - (server == null ? 0 : linesOfCode(server))).append(" |");
        }
        return b.append('\n').toString();
    }

    private static Map<String, Map<String, String>> snippets() throws IOException {
        Map<String, Map<String, String>> byLibrary = new LinkedHashMap<>();
        Matcher m = SNIPPET.matcher(Files.readString(DOC));
        while (m.find()) {
            String previous = byLibrary.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), m.group(3));
            assertThat(previous).as("duplicate snippet " + m.group(1) + ":" + m.group(2)).isNull();
        }
        return byLibrary;
    }

    private static Map<String, String> taggedRegions() throws IOException {
        Map<String, String> regions = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = TAG.matcher(Files.readString(f));
                while (m.find()) {
                    assertThat(regions.put(m.group(1), m.group(2))).as("duplicate tag " + m.group(1)).isNull();
                }
            }
        }
        return regions;
    }

    private static String normalise(String code) {
        return String.join("\n", code.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }
}

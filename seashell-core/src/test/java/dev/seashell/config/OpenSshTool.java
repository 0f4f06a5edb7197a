package dev.seashell.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the installed OpenSSH tools for comparison tests. */
final class OpenSshTool {
    private OpenSshTool() {}

    record Result(int exit, String out) {}

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timeout: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static boolean exists(String path) {
        return Files.isExecutable(Path.of(path));
    }

    /** Lines of {@code keyword value} output; the value of the first line for a keyword. */
    static String value(String dump, String keyword) {
        return dump.lines().filter(l -> l.startsWith(keyword + " ")).map(l -> l.substring(keyword.length() + 1))
                .findFirst().orElseThrow();
    }

    /** Only the lines whose keyword is in {@code keys}, in order. */
    static List<String> only(String dump, java.util.Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String l : dump.lines().toList()) {
            int sp = l.indexOf(' ');
            if (sp > 0 && keys.contains(l.substring(0, sp))) {
                out.add(l);
            }
        }
        return out;
    }

    static java.util.Set<String> keywords(String dump) {
        java.util.Set<String> s = new java.util.HashSet<>();
        dump.lines().forEach(l -> s.add(l.substring(0, l.indexOf(' '))));
        return s;
    }

    /** Supported lists from {@code ssh -Q}, defaults from a dump of an empty configuration. */
    static AlgorithmCatalog catalog(String defaultsDump) throws IOException, InterruptedException {
        Map<AlgorithmKind, List<String>> sup = new EnumMap<>(AlgorithmKind.class);
        Map<AlgorithmKind, List<String>> def = new EnumMap<>(AlgorithmKind.class);
        Map<AlgorithmKind, String> query = Map.of(AlgorithmKind.CIPHERS, "cipher", AlgorithmKind.MACS, "mac",
                AlgorithmKind.KEX, "kex", AlgorithmKind.HOST_KEY, "HostKeyAlgorithms",
                AlgorithmKind.PUBKEY, "PubkeyAcceptedAlgorithms");
        for (AlgorithmKind k : AlgorithmKind.values()) {
            sup.put(k, run(List.of("/usr/bin/ssh", "-Q", query.get(k))).out().lines().map(String::strip)
                    .filter(s -> !s.isEmpty()).toList());
            def.put(k, List.of(value(defaultsDump, k.keyword().toLowerCase(java.util.Locale.ROOT)).split(",")));
        }
        return new AlgorithmCatalog(sup, def);
    }
}

package dev.seashell.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Memory of a server process as the kernel and (for a JVM) the JVM see it: VmRSS and PSS from
 * {@code /proc/PID/status} and {@code /proc/PID/smaps_rollup}, summed over the process and, for a
 * forking server such as OpenSSH's sshd, all its descendants; for a JVM, heap used after a forced
 * full GC ({@code jcmd PID GC.run}, then {@code GC.heap_info}).
 */
final class ServerMemory {
    private static final Pattern HEAP_USED = Pattern.compile("committed (\\d+)K, used (\\d+)K");
    private static final long JCMD_TIMEOUT_S = 60;

    /** One sample; heap figures are -1 when the server is not a JVM. */
    record Sample(int processes, long rssKib, long pssKib, long heapUsedKib, long heapCommittedKib) {}

    private final long pid;
    private final boolean jvm;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    ServerMemory(long pid, boolean jvm) {
        this.pid = pid;
        this.jvm = jvm;
    }

    /** Forces a GC first (for a JVM), then reads every figure. */
    Sample sample() throws IOException, InterruptedException {
        long used = -1;
        long committed = -1;
        if (jvm) {
            jcmd("GC.run");
            Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
            if (m.find()) {
                committed = Long.parseLong(m.group(1));
                used = Long.parseLong(m.group(2));
            }
        }
        long rss = 0;
        long pss = 0;
        List<Long> pids = jvm ? List.of(pid) : tree();
        int n = 0;
        for (long p : pids) {
            long r = field(Path.of("/proc", Long.toString(p), "status"), "VmRSS:");
            long s = field(Path.of("/proc", Long.toString(p), "smaps_rollup"), "Pss:");
            if (r < 0 || s < 0) continue; // exited meanwhile
            rss += r;
            pss += s;
            n++;
        }
        return new Sample(n, rss, pss, used, committed);
    }

    /** The top {@code lines} lines of {@code jcmd PID GC.class_histogram} (live objects). */
    String histogram(int lines) throws IOException, InterruptedException {
        return jcmd("GC.class_histogram").lines().limit(lines).reduce("", (a, b) -> a + b + "\n");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(JCMD_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + command + " timed out");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The process and every descendant, from each /proc/N/stat's parent pid. */
    private List<Long> tree() throws IOException {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) procs::iterator) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                long ppid = parentOf(dir.resolve("stat"));
                if (ppid > 0) children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Long.parseLong(name));
            }
        }
        List<Long> out = new ArrayList<>(List.of(pid));
        for (int i = 0; i < out.size(); i++) out.addAll(children.getOrDefault(out.get(i), List.of()));
        return out;
    }

    private static long parentOf(Path stat) {
        try {
            String s = Files.readString(stat);
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so cut at the last ')'.
            String[] rest = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(rest[1]);
        } catch (IOException | RuntimeException e) {
            return -1; // gone meanwhile
        }
    }

    /** The first number after {@code key} in a /proc file of "Key:   123 kB" lines; -1 if unreadable. */
    private static long field(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}

package dev.seashell.bench;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The scale benchmark of bench/run (issue 4, item 5): holds N idle authenticated connections to one
 * server, each with one open session channel and nothing running in it, measures the server's
 * memory, then checks that every connection still answers.
 *
 * <pre>
 * ScaleBench HOST PORT USER KEYFILE SERVER_PID jvm|tree STEPS [CONCURRENCY] [CONNECT_SECS] [CHECK_SECS] [HISTOGRAM_FILE]
 *   STEPS        comma-separated connection counts, e.g. 1000,10000 (connections are added step by step)
 *   jvm          the server is a JVM: heap used after a forced GC (jcmd), and RSS/PSS of the process
 *   tree         a forking server (OpenSSH sshd): RSS/PSS summed over the process and its descendants
 * </pre>
 *
 * <p>Connections are opened by CONCURRENCY (default 8) virtual threads, so at most that many are
 * unauthenticated at once: keep it below the server's MaxStartups start value and nothing is dropped.
 * Each step is bounded by CONNECT_SECS (default 150) of connecting and CHECK_SECS (default 30) of
 * keepalives; a step that could not open all its connections says so. One line per step on stdout:
 * {@code step n=.. opened=.. failed=.. connect_s=.. procs=.. rss_kib=.. pss_kib=.. heap_used_kib=..
 * heap_committed_kib=.. answered=.. check_s=.. p50_ms=.. p99_ms=.. max_ms=.. client_heap_kib=..},
 * preceded by a {@code step n=0} baseline.
 *
 * <p>The check sends {@code keepalive@openssh.com} with want-reply on every connection at once (the
 * global request OpenSSH's ServerAliveInterval sends); any reply, success or failure, counts.
 */
public final class ScaleBench {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final String host;
    private final int port;
    private final SshClient.Options options;
    private final ConcurrentLinkedQueue<SshClient> clients = new ConcurrentLinkedQueue<>();
    // Held so nothing about the idle channels is ever collectable on this side.
    private final ConcurrentLinkedQueue<ClientSession> sessions = new ConcurrentLinkedQueue<>();

    private ScaleBench(String host, int port, SshClient.Options options) {
        this.host = host;
        this.port = port;
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: ScaleBench HOST PORT USER KEY SERVER_PID jvm|tree STEPS [CONCURRENCY] [CONNECT_SECS] [CHECK_SECS] [HISTOGRAM_FILE]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        SshKeyPair key = PrivateKeyFiles.read(Path.of(args[3]), null);
        ServerMemory server = new ServerMemory(Long.parseLong(args[4]), args[5].equals("jvm"));
        int[] steps = Arrays.stream(args[6].split(",")).mapToInt(Integer::parseInt).toArray();
        int concurrency = args.length > 7 ? Integer.parseInt(args[7]) : 8;
        int connectSecs = args.length > 8 ? Integer.parseInt(args[8]) : 150;
        int checkSecs = args.length > 9 ? Integer.parseInt(args[9]) : 30;
        Path histogram = args.length > 10 ? Path.of(args[10]) : null;
        // curve25519 for every server: OpenSSH 9.2 would pick sntrup761 (slow in Java), and the key
        // exchange leaves nothing behind on an idle connection; the cipher stays the default.
        TransportConfig transport = TransportConfig.defaults().withKex(List.of("curve25519-sha256", "curve25519-sha256@libssh.org"));
        SshClient.Options options = new SshClient.Options(transport, k -> { },
                new ClientUserAuth.Options(args[2], List.of(key), null, null, List.of("publickey"), 0, host),
                CONNECT_TIMEOUT, null, null);
        ScaleBench bench = new ScaleBench(host, port, options);

        ServerMemory.Sample base = server.sample();
        System.out.println(line(0, 0, 0, 0, base, null, clientHeapKib()));
        for (int n : steps) {
            long t0 = System.nanoTime();
            int[] opened = bench.openUpTo(n, concurrency, Duration.ofSeconds(connectSecs));
            double connectS = (System.nanoTime() - t0) / 1e9;
            ServerMemory.Sample s = server.sample();
            Check check = bench.check(Duration.ofSeconds(checkSecs));
            System.out.println(line(n, opened[0], opened[1], connectS, s, check, clientHeapKib()));
            System.out.flush();
            if (histogram != null && n == steps[steps.length - 1] && args[5].equals("jvm")) {
                Files.writeString(histogram, server.histogram(30));
            }
        }
        // Exit without closing: the server sees every connection end at once, as when a client host dies.
        System.exit(0);
    }

    /** Opens connections until {@code target} are held (or the time is up); returns {held, failed}. */
    private int[] openUpTo(int target, int concurrency, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        AtomicInteger reserved = new AtomicInteger(sessions.size()); // held + being opened
        AtomicInteger failed = new AtomicInteger();
        int maxFailures = Math.max(20, target / 50);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofVirtual().name("scale-open-" + w).start(() -> {
                while (System.nanoTime() < deadline && failed.get() < maxFailures) {
                    if (reserved.incrementAndGet() > target) {
                        reserved.decrementAndGet();
                        return;
                    }
                    SshClient c = null;
                    try {
                        c = SshClient.connect(host, port, options);
                        sessions.add(c.openSession());
                        clients.add(c);
                    } catch (IOException | RuntimeException e) {
                        if (c != null) c.close();
                        if (failed.incrementAndGet() <= 3) System.err.println("scale: a connection failed: " + e);
                        reserved.decrementAndGet(); // retried, within the failure bound
                        continue;
                    }
                    int held = clients.size();
                    if (held % 1000 == 0) System.err.printf("scale: %d connections%n", held);
                }
            }));
        }
        for (Thread w : workers) {
            long left = deadline - System.nanoTime() + CONNECT_TIMEOUT.toNanos() * 2;
            if (!w.join(Duration.ofNanos(Math.max(1, left)))) w.interrupt();
        }
        return new int[] {sessions.size(), failed.get()};
    }

    record Check(int answered, double seconds, double p50Ms, double p99Ms, double maxMs) {}

    /** Sends a keepalive with want-reply on every connection at once; counts the replies within {@code limit}. */
    private Check check(Duration limit) throws InterruptedException {
        List<SshClient> all = List.copyOf(clients);
        CountDownLatch done = new CountDownLatch(all.size());
        AtomicLongArray nanos = new AtomicLongArray(all.size());
        AtomicInteger answered = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            SshClient c = all.get(i);
            int slot = i;
            Thread.ofVirtual().start(() -> {
                try {
                    long s = System.nanoTime();
                    c.connection().globalRequest("keepalive@openssh.com", new byte[0]);
                    nanos.set(slot, System.nanoTime() - s);
                    answered.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    nanos.set(slot, -1);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(limit.toNanos(), TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int ok = answered.get(); // replies arriving after the limit are not counted
        long[] ms = new long[all.size()];
        int k = 0;
        for (int i = 0; i < all.size(); i++) if (nanos.get(i) > 0) ms[k++] = nanos.get(i);
        ms = Arrays.copyOf(ms, k);
        Arrays.sort(ms);
        return new Check(ok, seconds, pct(ms, 0.50), pct(ms, 0.99), k == 0 ? 0 : ms[k - 1] / 1e6);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    private static long clientHeapKib() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1024;
    }

    private static String line(int n, int opened, int failed, double connectS, ServerMemory.Sample s, Check c, long clientHeap) {
        String check = c == null ? "answered=0 check_s=0 p50_ms=0 p99_ms=0 max_ms=0"
                : String.format(Locale.ROOT, "answered=%d check_s=%.2f p50_ms=%.1f p99_ms=%.1f max_ms=%.1f",
                        c.answered(), c.seconds(), c.p50Ms(), c.p99Ms(), c.maxMs());
        return String.format(Locale.ROOT,
                "step n=%d opened=%d failed=%d connect_s=%.1f procs=%d rss_kib=%d pss_kib=%d heap_used_kib=%d heap_committed_kib=%d %s client_heap_kib=%d",
                n, opened, failed, connectS, s.processes(), s.rssKib(), s.pssKib(), s.heapUsedKib(), s.heapCommittedKib(),
                check, clientHeap);
    }
}

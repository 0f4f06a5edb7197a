package dev.seashell.bench;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The warm-JVM client of bench/run: connect + key exchange + publickey auth + {@code exec true} + close,
 * in one JVM, against any SSH server.
 *
 * <pre>
 * WarmClient handshake HOST PORT USER KEYFILE N         -> "median_ms=.. min_ms=.. n=.." after up to 20 untimed
 *                                                          warm-up runs (20 s at most); the timed runs stop after
 *                                                          40 s once 3 are done, so n may be below N
 * WarmClient rate HOST PORT USER KEYFILE THREADS SECS   -> "conn_per_s=.. ok=.. failed=.."
 * </pre>
 */
public final class WarmClient {
    private static final int WARMUP = 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Duration WARMUP_LIMIT = Duration.ofSeconds(20);
    private static final Duration TIMED_LIMIT = Duration.ofSeconds(40);

    private WarmClient() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && args.length != 7) {
            System.err.println("usage: WarmClient handshake HOST PORT USER KEY N | rate HOST PORT USER KEY THREADS SECONDS");
            System.exit(2);
        }
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        SshKeyPair key = PrivateKeyFiles.read(Path.of(args[4]), null);
        SshClient.Options options = new SshClient.Options(TransportConfig.defaults(), k -> { },
                new ClientUserAuth.Options(args[3], List.of(key), null, null, List.of("publickey"), 0, host),
                TIMEOUT, null, null);
        switch (args[0]) {
            case "handshake" -> handshake(host, port, options, Integer.parseInt(args[5]));
            case "rate" -> rate(host, port, options, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void once(String host, int port, SshClient.Options options) throws IOException {
        try (SshClient c = SshClient.connect(host, port, options)) {
            int status = c.exec("true", TIMEOUT).exitStatus();
            if (status != 0) throw new IOException("exit status " + status);
        }
    }

    private static void handshake(String host, int port, SshClient.Options options, int n) throws IOException {
        long warmEnd = System.nanoTime() + WARMUP_LIMIT.toNanos();
        for (int i = 0; i < WARMUP && System.nanoTime() < warmEnd; i++) once(host, port, options);
        double[] ms = new double[n];
        long end = System.nanoTime() + TIMED_LIMIT.toNanos();
        int done = 0;
        // Bounded on a slow or loaded machine: stop after TIMED_LIMIT once there are 3 samples.
        while (done < n && (done < 3 || System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            once(host, port, options);
            ms[done++] = (System.nanoTime() - t0) / 1e6;
        }
        n = done;
        ms = Arrays.copyOf(ms, n);
        Arrays.sort(ms);
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        System.out.printf(Locale.ROOT, "median_ms=%.2f min_ms=%.2f n=%d%n", median, ms[0], n);
    }

    private static void rate(String host, int port, SshClient.Options options, int threads, int seconds) throws Exception {
        for (int i = 0; i < 5; i++) once(host, port, options);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().name("rate-" + t).start(() -> {
                while (running.get()) {
                    try {
                        once(host, port, options);
                        ok.incrementAndGet();
                    } catch (IOException | RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        for (Thread w : workers) w.join(TIMEOUT.toMillis() + 5000);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "conn_per_s=%.1f ok=%d failed=%d%n", ok.get() / elapsed, ok.get(), failed.get());
    }
}

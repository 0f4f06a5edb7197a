package dev.seashell.bench;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Steady-state bulk throughput of the library client, separated from JIT warm-up: in one JVM, one
 * connection per transfer, untimed warm-up transfers first, then timed ones. Reports wall MB/s and the
 * whole process's CPU seconds per GiB (com.sun.management process CPU time, all threads).
 *
 * <pre>
 * SteadyBulk HOST PORT USER KEYFILE CIPHER down|up SIZE_BYTES WARMUP_BYTES REPS
 *   -> "mb_s=.. cpu_s_per_gib=.. warm_mb_s=.. warm_cpu_s_per_gib=.. n=.."  (medians of the timed runs)
 * </pre>
 * Down is {@code head -c SIZE /dev/zero} read and discarded; up is SIZE zero bytes written to
 * {@code cat > /dev/null}.
 */
public final class SteadyBulk {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int CHUNK = 64 * 1024;

    private SteadyBulk() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: SteadyBulk HOST PORT USER KEY CIPHER down|up SIZE WARMUP_BYTES REPS");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        SshKeyPair key = PrivateKeyFiles.read(Path.of(args[3]), null);
        TransportConfig tc = TransportConfig.defaults().withCiphers(List.of(args[4]))
                // curve25519: sntrup761's C2 compilations would otherwise run on into the timed transfers.
                .withKex(List.of("curve25519-sha256", "curve25519-sha256@libssh.org"));
        SshClient.Options options = new SshClient.Options(tc, k -> { },
                new ClientUserAuth.Options(args[2], List.of(key), null, null, List.of("publickey"), 0, host),
                TIMEOUT, null, null);
        boolean down = args[5].equals("down");
        long size = Long.parseLong(args[6]);
        long warmBytes = Long.parseLong(args[7]);
        int reps = Integer.parseInt(args[8]);
        // Warm-up: the first transfer's figures are printed too, to show what warm-up costs.
        long wsize = Math.max(CHUNK, warmBytes);
        double[] first = transfer(host, port, options, down, wsize);
        double[] mb = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            double[] r = transfer(host, port, options, down, size);
            mb[i] = r[0];
            cpu[i] = r[1];
        }
        System.out.printf(Locale.ROOT, "mb_s=%.0f cpu_s_per_gib=%.3f warm_mb_s=%.0f warm_cpu_s_per_gib=%.3f n=%d all_mb_s=%s%n",
                median(mb), median(cpu), first[0], first[1], reps, Arrays.toString(mb));
        System.exit(0);
    }

    /** One transfer on a fresh connection; returns {MB/s, CPU s per GiB} for the transfer alone (not the handshake). */
    private static double[] transfer(String host, int port, SshClient.Options options, boolean down, long size) throws IOException {
        try (SshClient c = SshClient.connect(host, port, options); ClientSession s = c.openSession()) {
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            if (down) {
                s.exec("head -c " + size + " /dev/zero");
                s.stdin().close();
                long got = drain(s.stdout());
                if (got != size) throw new IOException("got " + got + " of " + size + " bytes");
            } else {
                s.exec("cat > /dev/null");
                byte[] zeros = new byte[CHUNK];
                OutputStream out = s.stdin();
                for (long left = size; left > 0; left -= CHUNK) out.write(zeros, 0, (int) Math.min(CHUNK, left));
                out.close();
                drain(s.stdout());
            }
            int status = s.exitStatus(TIMEOUT).orElse(-1);
            long t1 = System.nanoTime();
            long cpu1 = cpuNanos();
            if (status != 0) throw new IOException("exit status " + status);
            double secs = (t1 - t0) / 1e9;
            return new double[] {size / secs / 1e6, (cpu1 - cpu0) / 1e9 * (1L << 30) / size};
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] b = new byte[CHUNK];
        long n = 0;
        for (int k; (k = in.read(b)) >= 0; ) n += k;
        return n;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}

package dev.seashell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 2,000 loopback connections from 127.0.0.2 that never send a version or never authenticate, while
 * OpenSSH's ssh logs in from 127.0.0.1: PerSourceMaxStartups keeps the flood to a few slots, the
 * flood's stalled connections earn its source a penalty, the real user gets in within 5 s, and the
 * server's heap and platform threads stay bounded.
 */
class FloodTest {
    static final int FLOOD = Integer.getInteger("flood", 2000);
    static final int PER_SOURCE = 10;
    static final InetAddress FLOODER = InetAddress.ofLiteral("127.0.0.2");

    static final SessionHandler HELLO = new SessionHandler() {
        @Override
        public boolean exec(ServerSession s, String command) {
            Thread.ofVirtual().start(() -> {
                try {
                    s.stdout().write(("hello " + command + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // client gone
                }
                s.exit(0);
            });
            return true;
        }
    };

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void realUserLogsInDuringAFloodAndTheFloodIsPenalised() throws Exception {
        OpenSsh.assumeSsh();
        long fdLimit = ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
        assumeTrue(fdLimit >= 2L * FLOOD + 1024, "ulimit -n " + fdLimit + " is too low for " + FLOOD + " sockets each side");
        assumeTrue(canBind(FLOODER), "cannot bind 127.0.0.2 as a source address");

        SshKeyPair user = KeyGen.generate("ed25519", 0);
        Path identity = dir.resolve("id_ed25519");
        PrivateKeyFiles.write(identity, user, null, PrivateKeyFiles.DEFAULT_ROUNDS);
        PrivateKeyFiles.writePublic(Path.of(identity + ".pub"), user);

        Queue<String> log = new ConcurrentLinkedQueue<>();
        CountDownLatch penalised = new CountDownLatch(1);
        AtomicInteger maxPending = new AtomicInteger();
        SshServer[] ref = new SshServer[1];
        SourcePenalties penalties = new SourcePenalties(SourcePenalties.Policy.DEFAULT, NetBlock.DEFAULT, null,
                System::nanoTime, line -> {
                    log.add(line);
                    penalised.countDown();
                });
        usedHeapAfterGc(); // warm up class loading before the baseline
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> k.equals(user.publicKey()))
                .sessions((u, r, l) -> HELLO)
                .loginGraceTime(Duration.ofSeconds(2))
                .maxStartups(new SshServer.MaxStartups(50, 30, 100))
                .perSourceStartups(new PerSourceStartups(PER_SOURCE, NetBlock.DEFAULT))
                .penalties(penalties)
                .log(line -> {
                    log.add(line);
                    SshServer s = ref[0];
                    if (s != null) maxPending.accumulateAndGet(s.unauthenticatedConnections(), Math::max);
                })
                .start()) {
            ref[0] = server;
            int port = server.port();
            // One login before the flood: JIT and crypto warm, as on a server that has been up a while.
            long warmStart = System.nanoTime();
            ProcessRunner.Result warm = OpenSshClient.to(port).insecureAcceptAnyHostKey().identity(identity).run("warm-up");
            long warmMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - warmStart);
            assertThat(warm.exitCode()).as(warm.describe()).isZero();
            Queue<Socket> open = new ConcurrentLinkedQueue<>();
            CountDownLatch connected = new CountDownLatch(FLOOD);
            AtomicInteger bannersSeen = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            List<Thread> flood = new ArrayList<>(FLOOD);
            long floodStart = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) {
                boolean sendsVersion = i % 2 == 0; // half never send a version, half never authenticate
                flood.add(Thread.ofVirtual().start(() -> {
                    try (Socket s = new Socket()) {
                        open.add(s);
                        s.bind(new InetSocketAddress(FLOODER, 0));
                        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
                        connected.countDown();
                        if (sendsVersion) s.getOutputStream().write("SSH-2.0-flood\r\n".getBytes(StandardCharsets.US_ASCII));
                        s.setSoTimeout(20_000);
                        InputStream in = s.getInputStream();
                        int first = in.read();
                        if (first == 'S') bannersSeen.incrementAndGet();
                        else refused.incrementAndGet();
                        while (in.read() >= 0) {
                            // hold the connection and swallow whatever the server sends until it closes
                        }
                    } catch (IOException e) {
                        refused.incrementAndGet(); // reset by the server's drop, or the test closing it
                    } finally {
                        connected.countDown(); // a failed connect counts too, so the wait below is bounded
                    }
                }));
            }
            // Log in as a real user while the flood is still arriving.
            int threadsDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            long loginStart = System.nanoTime();
            ProcessRunner.Result r = OpenSshClient.to(port).insecureAcceptAnyHostKey().identity(identity)
                    .timeout(Duration.ofSeconds(20)).run("flood-test");
            long loginMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loginStart);
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText()).isEqualTo("hello flood-test\n");
            assertThat(loginMillis).as("time to the real login").isLessThan(5_000);

            assertThat(connected.await(30, TimeUnit.SECONDS)).as("every flood connect finished").isTrue();
            long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - floodStart);
            // The flood's accepted connections stall past LoginGraceTime: 10 x grace-exceeded outruns min 15 s.
            assertThat(penalised.await(20, TimeUnit.SECONDS)).as("flood source penalised").isTrue();
            assertThat(penalties.isPenalised(FLOODER)).isTrue();
            assertThat(penalties.isPenalised(InetAddress.ofLiteral("127.0.0.1"))).isFalse();
            // A penalised source is closed at accept time, before the server sends its version.
            int firstByte;
            try (Socket probe = new Socket()) {
                probe.bind(new InetSocketAddress(FLOODER, 0));
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                probe.setSoTimeout(5_000);
                firstByte = probe.getInputStream().read();
            } catch (IOException reset) {
                firstByte = -1; // the drop's RST can arrive while connecting or reading
            }
            assertThat(firstByte).as("no banner for a penalised source").isEqualTo(-1);
            assertThat(log).anyMatch(l -> l.startsWith("drop connection #") && l.contains("[127.0.0.2]")
                    && l.contains("penalty: exceeded LoginGraceTime"));

            for (Socket s : open) s.close();
            for (Thread t : flood) assertThat(t.join(Duration.ofSeconds(10))).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (server.unauthenticatedConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // bounded wait for the server threads to see the closes
            }
            assertThat(server.unauthenticatedConnections()).isZero();
            long heapAfter = usedHeapAfterGc();
            int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("FloodTest: %d connects in %d ms; login before the flood %d ms, during it %d ms; accepted with banner %d, refused %d; "
                            + "max unauthenticated %d; heap before %d KiB, after %d KiB; platform threads %d/%d/%d%n",
                    FLOOD, connectMillis, warmMillis, loginMillis, bannersSeen.get(), refused.get(), maxPending.get(),
                    heapBefore / 1024, heapAfter / 1024, threadsBefore, threadsDuring, threadsAfter);
            assertThat(maxPending.get()).as("unauthenticated connections").isLessThanOrEqualTo(PER_SOURCE + 2);
            assertThat(bannersSeen.get()).as("flood connections served").isLessThanOrEqualTo(PER_SOURCE + 1);
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(32L << 20);
            assertThat(threadsDuring - threadsBefore).as("platform threads during the flood").isLessThan(64);
        }
    }

    private static boolean canBind(InetAddress a) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(a, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}

package dev.seashell.cli;

import dev.seashell.connection.ClientSession;
import dev.seashell.sftp.BandwidthLimit;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * {@code scp -O -3}: joins an origin's {@code scp -f} to a destination's {@code scp -t} byte for
 * byte, as OpenSSH's scp wires the two ssh processes' pipes to each other. This host reads none of
 * the protocol, so the remote ends' own error lines travel between them (OpenSSH prints none
 * either); their stderr passes through.
 */
final class LegacyRelay {
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private LegacyRelay() {}

    /** Both commands were exec'd; true when both scp ends exited 0. {@code limit} may be null. */
    static boolean run(ClientSession origin, ClientSession destination, PrintStream err, BandwidthLimit limit)
            throws IOException, InterruptedException {
        Thread[] threads = {
            pump(origin.stdout(), destination.stdin(), limit, origin, destination),
            pump(destination.stdout(), origin.stdin(), null, origin, destination),
            drain(origin.stderr(), err),
            drain(destination.stderr(), err),
        };
        for (Thread t : threads) t.join();
        int a = origin.exitStatus(EXIT_WAIT).orElse(1);
        int b = destination.exitStatus(EXIT_WAIT).orElse(1);
        return a == 0 && b == 0;
    }

    /** Copies until EOF, then sends EOF on; a dead peer ends both sessions so neither end waits forever. */
    private static Thread pump(InputStream in, OutputStream out, BandwidthLimit limit, ClientSession... both) {
        return Thread.ofVirtual().start(() -> {
            InputStream src = limit == null ? in : ThrottledStreams.in(in, limit);
            byte[] buf = new byte[32 * 1024];
            try (out) {
                for (int n; (n = src.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                for (ClientSession s : both) s.close();
            }
        });
    }

    private static Thread drain(InputStream in, PrintStream err) {
        return Thread.ofVirtual().start(() -> {
            try {
                in.transferTo(err);
                err.flush();
            } catch (IOException e) {
                // the channel closed
            }
        });
    }
}

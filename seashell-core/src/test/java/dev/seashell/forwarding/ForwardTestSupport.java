package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/** Byte-exact round trips through a forwarded socket, with bounded waits. */
final class ForwardTestSupport {
    static final int READ_TIMEOUT_MS = 20_000;

    private ForwardTestSupport() {}

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Socket connect(String host, int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS);
        s.setSoTimeout(READ_TIMEOUT_MS);
        return s;
    }

    /**
     * Sends {@code data} on a writer thread, half-closes, and reads everything back until EOF:
     * the echo comes back whole and the EOF arrives only if half-close went through both ways.
     */
    static void assertEchoes(Socket s, byte[] data) throws Exception {
        AtomicReference<Throwable> writeError = new AtomicReference<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                OutputStream out = s.getOutputStream();
                out.write(data);
                s.shutdownOutput();
            } catch (IOException e) {
                writeError.set(e);
            }
        });
        byte[] back = readAll(s.getInputStream());
        assertThat(writer.join(Duration.ofSeconds(20))).isTrue();
        assertThat(writeError.get()).isNull();
        assertThat(back.length).isEqualTo(data.length);
        assertThat(back).isEqualTo(data);
    }

    static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        try {
            while ((n = in.read(buf)) >= 0) out.write(buf, 0, n);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no EOF within " + READ_TIMEOUT_MS + " ms after " + out.size() + " bytes", e);
        }
        return out.toByteArray();
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertThat(b).hasSize(n);
        return b;
    }

    /**
     * Whether something listens on a loopback port. A port in the ephemeral range with no listener can
     * still "accept" a TCP self-connection (the kernel picks the same port as the source): that is not
     * a listener.
     */
    static boolean listening(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.getLocalPort() != port;
        } catch (ConnectException refused) {
            return false;
        }
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl fetches from a JDK HTTP server through -L, -R and -D (SOCKS5 with remote name resolution and
 * SOCKS4a), both with Seashell's ssh against OpenSSH's sshd and OpenSSH's ssh against Seashell's
 * sshd; every body arrives byte-exact, an 8 MiB one included.
 */
class HttpThroughTunnelsTest {
    static final byte[] BIG = new byte[8 << 20];
    static final byte[] HELLO = "hello through the tunnel\n".getBytes(StandardCharsets.UTF_8);
    static HttpServer http;
    @TempDir static Path dir;

    @BeforeAll
    static void startHttp() throws IOException {
        new Random(42).nextBytes(BIG);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        http.createContext("/big", ex -> send(ex, BIG));
        http.createContext("/hello", ex -> send(ex, HELLO));
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
    }

    static void send(com.sun.net.httpserver.HttpExchange ex, byte[] body) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterAll
    static void stopHttp() {
        if (http != null) http.stop(0);
    }

    static int httpPort() {
        return http.getAddress().getPort();
    }

    /** The three forwards on one ssh command line: -L l:http, -R r:http, -D d. */
    record Ports(int local, int remote, int dynamic) {
        static Ports pick() throws IOException {
            return new Ports(FreePort.pick(), FreePort.pick(), FreePort.pick());
        }

        List<String> args() {
            return List.of("-N", "-o", "ExitOnForwardFailure=yes", "-L", local + ":127.0.0.1:" + httpPort(),
                    "-R", "127.0.0.1:" + remote + ":127.0.0.1:" + httpPort(), "-D", "127.0.0.1:" + dynamic);
        }
    }

    @Test
    void seashellClientThroughOpenSshSshd() throws Exception {
        try (var peer = KeyedOpenSshd.start(dir, "http")) {
            Ports ports = Ports.pick();
            List<String> cmd = new ArrayList<>(peer.seashellSsh());
            cmd.addAll(ports.args());
            cmd.add("127.0.0.1");
            fetchAllThrough(cmd, ports);
        }
    }

    @Test
    void openSshClientThroughSeashellSshd() throws Exception {
        try (var sshd = SeashellSshdProcess.start(dir, "")) {
            Ports ports = Ports.pick();
            List<String> cmd = new ArrayList<>(sshd.ssh(ports.args().toArray(String[]::new)));
            cmd.add("127.0.0.1");
            fetchAllThrough(cmd, ports);
        }
    }

    /** Starts the client, waits (bounded) for its three listeners, then curls through each. */
    static void fetchAllThrough(List<String> client, Ports ports) throws Exception {
        Path log = dir.resolve("client-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(client).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            for (int port : new int[] {ports.local(), ports.remote(), ports.dynamic()}) awaitListener(port, p, log);
            String base = "http://127.0.0.1:" + httpPort();
            assertFetched(curl(base.replace(":" + httpPort(), ":" + ports.local()) + "/big"), BIG, "-L");
            assertFetched(curl(base.replace(":" + httpPort(), ":" + ports.remote()) + "/big"), BIG, "-R");
            String socks = "127.0.0.1:" + ports.dynamic();
            // The name is resolved at the far end (socks5-hostname and socks4a send "localhost", not an address).
            assertFetched(curl("--socks5-hostname", socks, "http://localhost:" + httpPort() + "/big"), BIG, "SOCKS5");
            assertFetched(curl("--socks4a", socks, "http://localhost:" + httpPort() + "/hello"), HELLO, "SOCKS4a");
            assertFetched(curl("--socks4a", socks, "http://localhost:" + httpPort() + "/big"), BIG, "SOCKS4a big");
            assertFetched(curl("--socks5", socks, base + "/hello"), HELLO, "SOCKS5 by address");
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static byte[] curlBody(Path out) throws IOException {
        return Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
    }

    record Fetch(ProcessRunner.Result result, byte[] body) {}

    static Fetch curl(String... args) throws IOException {
        Path out = dir.resolve("body-" + System.nanoTime());
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail", "--max-time", "60", "-o", out.toString()));
        cmd.addAll(List.of(args));
        var r = ProcessRunner.command(cmd).timeout(Duration.ofSeconds(90)).run();
        byte[] body = curlBody(out);
        Files.deleteIfExists(out);
        return new Fetch(r, body);
    }

    static void assertFetched(Fetch f, byte[] expected, String how) {
        assertThat(f.result().exitCode()).as(how + ": " + f.result().describe()).isZero();
        assertThat(f.body().length).as(how).isEqualTo(expected.length);
        assertThat(f.body()).as(how).isEqualTo(expected);
    }

    /** Polls until something listens on the port (not a TCP self-connection), or fails if the client died. */
    static void awaitListener(int port, Process client, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (s.getLocalPort() != port) return;
            } catch (IOException e) {
                if (!client.isAlive()) throw new AssertionError("client exited: " + Files.readString(log));
                if (System.nanoTime() > deadline) throw new AssertionError("no listener on " + port + ": " + Files.readString(log));
            }
            Thread.sleep(100); // polling a port with a deadline
        }
    }
}

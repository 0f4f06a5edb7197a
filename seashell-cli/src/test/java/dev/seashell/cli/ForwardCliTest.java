package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh -L, -W and -R through OpenSSH's sshd, as a user types them. */
class ForwardCliTest {
    static ServerSocket echo;
    static OpenSshServer sshd;
    static Path key;
    static Path knownHosts;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        echo = TcpEcho.start();
        SshKeyPair k = KeyGen.generate("ed25519", 0, "fwd");
        key = dir.resolve("id");
        PrivateKeyFiles.write(key, k, null, 16);
        sshd = OpenSshServer.builder().authorizedKey(new PublicKeyLine(k.publicKey(), "fwd").format())
                .config("KexAlgorithms curve25519-sha256").start();
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + "\n");
    }

    @AfterAll
    static void stop() throws IOException {
        if (sshd != null) sshd.close();
        if (echo != null) echo.close();
    }

    static List<String> seashell(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main", "ssh",
                "-p", String.valueOf(sshd.port()), "-i", key.toString(), "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "BatchMode=yes", "-o", "KexAlgorithms=curve25519-sha256"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void stdioForwardJoinsStdinAndStdoutToTheTarget() {
        var r = ProcessRunner.command(seashell("-W", "127.0.0.1:" + echo.getLocalPort(), "127.0.0.1").toArray(String[]::new))
                .stdin("through the tunnel\n").timeout(Duration.ofSeconds(60)).run();
        assertThat(r.stdoutText()).as(r.describe()).isEqualTo("through the tunnel\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void localForwardCarriesBytesExactly() throws Exception {
        int port = FreePort.pick();
        Process p = new ProcessBuilder(seashell("-N", "-o", "ExitOnForwardFailure=yes",
                "-L", port + ":127.0.0.1:" + echo.getLocalPort(), "127.0.0.1")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("L.log").toFile()).start();
        try {
            Socket s = connectWithin(port, Duration.ofSeconds(60), p);
            try (s) {
                byte[] data = new byte[1 << 20];
                new java.util.Random(7).nextBytes(data);
                Thread w = Thread.ofVirtual().start(() -> {
                    try {
                        s.getOutputStream().write(data);
                        s.shutdownOutput();
                    } catch (IOException ignored) {
                        // read side will fail the test
                    }
                });
                assertThat(s.getInputStream().readAllBytes()).isEqualTo(data);
                w.join(10_000);
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    void remoteForwardWithPortZeroPrintsTheAllocatedPort() throws Exception {
        Process p = new ProcessBuilder(seashell("-N", "-R", "0:127.0.0.1:" + echo.getLocalPort(), "127.0.0.1"))
                .redirectErrorStream(true).start();
        try {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int allocated = -1;
            while ((line = lines.readLine()) != null) { // ends when the process ends: bounded by the finally's kill
                var m = java.util.regex.Pattern.compile("^Allocated port (\\d+) for remote forward to 127.0.0.1:" + echo.getLocalPort()).matcher(line);
                if (m.find()) {
                    allocated = Integer.parseInt(m.group(1));
                    break;
                }
            }
            assertThat(allocated).isPositive();
            try (Socket s = new Socket("127.0.0.1", allocated)) {
                s.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
                s.shutdownOutput();
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("ping");
            }
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** Polls (bounded) until the forward listens, or fails if the client died. */
    static Socket connectWithin(int port, Duration limit, Process client) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (IOException e) {
                if (!client.isAlive()) throw new AssertionError("client exited " + client.exitValue());
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(100); // polling a port with a deadline
            }
        }
    }
}

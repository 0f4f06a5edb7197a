package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.FreePort;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: keys in a temp directory and a {@code seashell sshd -f} launcher shared by the
 * certificate interop tests that run OpenSSH's ssh and Seashell's ssh as clients and ssh-keygen as the CA.
 */
final class SshdCertFixture implements BeforeAllCallback, AfterAllCallback {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    Path dir;
    Path ca;
    Path ca2;
    Path rsaCa;
    Path userKey;
    Path hostKey;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        OpenSsh.assumeSsh();
        dir = Files.createTempDirectory("seashell-cert");
        ca = dir.resolve("ca");
        ca2 = dir.resolve("ca2");
        rsaCa = dir.resolve("rsa_ca");
        userKey = dir.resolve("user");
        hostKey = dir.resolve("host");
        OpenSsh.keygen("ed25519", 0, ca, "ca");
        OpenSsh.keygen("ed25519", 0, ca2, "ca2");
        OpenSsh.keygen("rsa", 2048, rsaCa, "rsa-ca");
        OpenSsh.keygen("ed25519", 0, userKey, "user");
        OpenSsh.keygen("ed25519", 0, hostKey, "host");
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (dir == null) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static ProcessRunner.Result sshKeygen(String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString()));
        cmd.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** {@code seashell ssh args...} in a child JVM. */
    static ProcessRunner.Result seashellSsh(String... args) {
        List<String> a = new ArrayList<>(List.of("ssh"));
        a.addAll(List.of(args));
        return ProcessRunner.command(Interop.seashell(a.toArray(String[]::new))).timeout(TIMEOUT).run();
    }

    /** OpenSSH's {@code ssh args...}. */
    static ProcessRunner.Result openSsh(String... args) {
        List<String> a = new ArrayList<>(List.of(OpenSsh.SSH.toString()));
        a.addAll(List.of(args));
        return ProcessRunner.command(a).timeout(TIMEOUT).run();
    }

    /** A certificate of the user key by {@code caFile} (ssh-keygen -s), with extra ssh-keygen arguments. */
    Path userCert(String name, Path caFile, String... args) throws IOException {
        Path p = dir.resolve(name + ".pub");
        Files.copy(Path.of(userKey + ".pub"), p);
        List<String> a = new ArrayList<>(List.of("-q", "-s", caFile.toString(), "-I", name));
        a.addAll(List.of(args));
        a.add(p.toString());
        sshKeygen(a.toArray(String[]::new));
        return dir.resolve(name + "-cert.pub");
    }

    static String field(Path pubFile, int i) throws IOException {
        return Files.readString(pubFile).strip().split("\\s+")[i];
    }

    static String fingerprint(Path pubFile) {
        return sshKeygen("-l", "-f", pubFile.toString()).stdoutText().split("\\s+")[1];
    }

    Path script(String name, String body) throws IOException {
        Path p = Interop.write(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    /** A running {@code seashell sshd -D -e -f} with its stderr collected. */
    record Server(Process process, int port, StringBuffer log) implements AutoCloseable {
        ProcessRunner.Result login(Path identity, Path cert, String command) {
            OpenSshClient c = OpenSshClient.to(port).insecureAcceptAnyHostKey().identity(identity).timeout(TIMEOUT);
            if (cert != null) c = c.option("CertificateFile=" + cert);
            return c.run(command);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }

    /** {@code seashell sshd} with the fixture's host key, publickey authentication only, and {@code extraLines}. */
    Server sshd(String... extraLines) throws Exception {
        int port = FreePort.pick();
        Path work = Files.createTempDirectory(dir, "sshd");
        Path config = Interop.write(work.resolve("sshd_config"), """
                Port %d
                ListenAddress 127.0.0.1
                HostKey %s
                PidFile %s/sshd.pid
                PasswordAuthentication no
                KbdInteractiveAuthentication no
                %s
                """.formatted(port, hostKey, work, String.join("\n", extraLines)));
        return launch(port, config);
    }

    /** Starts {@code seashell sshd -D -e -f config} (listening on {@code port}) and waits until it listens. */
    static Server launch(int port, Path config) throws Exception {
        Process p = new ProcessBuilder(Interop.seashell("sshd", "-D", "-e", "-f", config.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.append(line).append('\n');
                    if (line.contains("Server listening on")) listening.complete(null);
                }
            } catch (IOException ignored) {
                // the server was stopped
            }
            listening.completeExceptionally(new IllegalStateException("sshd ended before listening:\n" + log));
        });
        Server s = new Server(p, port, log);
        try {
            listening.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw e;
        }
        return s;
    }

    static void assertAccepted(ProcessRunner.Result r, String expectedOut, Server s) {
        assertThat(r.exitCode()).as(r.describe() + "\nseashell sshd log:\n" + s.log()).isZero();
        assertThat(r.stdoutText()).isEqualTo(expectedOut);
    }

    static void assertRefused(ProcessRunner.Result r, Server s) {
        assertThat(r.exitCode()).as(r.describe() + "\nseashell sshd log:\n" + s.log()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied (publickey)");
        assertThat(r.stdoutText()).isEmpty();
    }

}

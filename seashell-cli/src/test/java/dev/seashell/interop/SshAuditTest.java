package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ssh-audit's verdict on Seashell's server with its default algorithms and the embedded default's
 * host keys (Ed25519, RSA 3072): no {@code [fail]} line at all. The full report and a summary go to
 * the test log.
 */
class SshAuditTest {
    @Test
    void defaultServerHasNoFailures() throws Exception {
        OpenSsh.assumeSshAudit();
        SshServer.Builder b = SshServer.builder()
                .transport(TransportConfig.serverDefaults())
                .port(0)
                .publicKeys((user, key, addr) -> false)
                .sessions((user, remote, local) -> ProcessCommandHandler.forCurrentUser(null, null));
        List.of(Interop.hostKey("ed25519", 0), Interop.hostKey("rsa", 3072)).forEach(b::hostKey);
        try (SshServer server = b.start()) {
            ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSH_AUDIT.toString(), "-n", "-t", "20", "-p", Integer.toString(server.port()), Interop.HOST)
                    .timeout(Duration.ofSeconds(60)).run();
            String out = r.stdoutText();
            System.out.println("ssh-audit output:\n" + out + r.stderrText());
            List<String> fails = out.lines().filter(l -> l.contains("[fail]")).toList();
            List<String> warns = out.lines().filter(l -> l.contains("[warn]")).toList();
            System.out.printf("ssh-audit summary (%d ms): %d fail, %d warn lines%n", r.elapsed().toMillis(), fails.size(), warns.size());
            fails.forEach(l -> System.out.println("  " + l.strip()));
            warns.forEach(l -> System.out.println("  " + l.strip()));
            assertThat(out).as(r.describe()).contains("(gen) banner: SSH-2.0-" + TransportConfig.SOFTWARE_VERSION);
            assertThat(out).contains("(kex) curve25519-sha256").contains("(enc) chacha20-poly1305@openssh.com");
            assertThat(fails).as(out).isEmpty();
        }
    }
}

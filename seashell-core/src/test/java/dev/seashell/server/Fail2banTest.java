package dev.seashell.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.auth.UserAccount;
import dev.seashell.client.SshClient;
import dev.seashell.config.LogLevel;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fail2ban's stock sshd filter reads Seashell's syslog-format audit lines: real failures (invalid
 * user, wrong password, wrong key) against the in-JVM server, then {@code fail2ban-regex} over the
 * log. Skipped when fail2ban is not installed ({@code bin/test} installs it as root).
 */
class Fail2banTest {
    static final Path FAIL2BAN_REGEX = Path.of("/usr/bin/fail2ban-regex");
    static final Path SSHD_FILTER = Path.of("/etc/fail2ban/filter.d/sshd.conf");

    @TempDir
    Path dir;

    @Test
    void stockSshdFilterMatchesOurFailureLines() throws Exception {
        assumeTrue(Files.isExecutable(FAIL2BAN_REGEX) && Files.isReadable(SSHD_FILTER), "fail2ban not installed");
        SshKeyPair alicesKey = KeyGen.generate("ed25519", 0);
        SshKeyPair wrongKey = KeyGen.generate("ed25519", 0);
        UserAccount alice = new UserAccount("alice", 4242, 4242, dir.toString(), "/bin/sh");
        Path logFile = dir.resolve("auth.log");
        try (PrintStream out = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8)) {
            AuditLog audit = new AuditLog(AuditLog.Format.SYSLOG, out, LogLevel.VERBOSE, Clock.systemDefaultZone(), "testhost", 4242);
            ServerAuthConfig auth = ServerAuthConfig.defaults()
                    .withPublicKeys((u, k, a) -> u.equals("alice") && k.equals(alicesKey.publicKey()))
                    .withPasswords((u, p, a) -> u.equals("alice") && Arrays.equals(p, "right".toCharArray()))
                    .withAccounts(u -> u.equals("alice") ? Optional.of(alice) : Optional.empty(), u -> List.of());
            try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0)).auth(auth)
                    .sessions((u, r, l) -> ServerLimitsTest.IDLE).log(audit).start()) {
                fail(server, "mallory", List.of(), "whatever", "password");
                fail(server, "alice", List.of(), "wrong", "password");
                fail(server, "alice", List.of(wrongKey), null, "publickey");
                fail(server, "root", List.of(), "toor", "password");
            }
        }
        List<String> lines = Files.readAllLines(logFile);
        assertThat(lines).allMatch(l -> l.matches("[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d testhost sshd\\[4242\\]: .+"));
        List<String> failures = lines.stream()
                .filter(l -> l.contains(": Invalid user ") || l.contains(": Failed password for ")).toList();
        assertThat(failures).hasSizeGreaterThanOrEqualTo(5); // two invalid users, three wrong passwords

        ProcessRunner.Result r = ProcessRunner.command(FAIL2BAN_REGEX.toString(), "--print-all-matched",
                logFile.toString(), SSHD_FILTER.toString()).timeout(Duration.ofSeconds(60)).run();
        String report = r.stdoutText();
        System.out.println("Fail2banTest log:\n" + String.join("\n", lines) + "\nfail2ban-regex:\n" + report);
        assertThat(r.exitCode()).as(r.describe()).isZero();
        Matcher m = Pattern.compile("Failregex: (\\d+) total").matcher(report);
        assertThat(m.find()).as(report).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("fail2ban failregex hits").isGreaterThanOrEqualTo(failures.size());
        String matched = report.substring(report.indexOf("Matched line(s):"));
        for (String f : failures) assertThat(matched).as("fail2ban matched").contains(f);
        Matcher counts = Pattern.compile("Lines: (\\d+) lines, (\\d+) ignored, (\\d+) matched, (\\d+) missed").matcher(report);
        assertThat(counts.find()).as(report).isTrue();
        assertThat(Integer.parseInt(counts.group(3))).as("lines fail2ban counts as failures").isEqualTo(failures.size());
        // The rest are F-NOFAIL helper lines (Connection from, Disconnected …) and the listening line.
        assertThat(Integer.parseInt(counts.group(4))).as("missed lines").isLessThanOrEqualTo(1);
    }

    /** One login attempt that must fail; the server logs it. */
    private static void fail(SshServer server, String user, List<SshKeyPair> keys, String password, String method) {
        var auth = new ClientUserAuth.Options(user, keys, password == null ? null : prompt -> password.toCharArray(), null,
                List.of(method), 1, "h");
        assertThatThrownBy(() -> {
            try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                    new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null))) {
                c.openSession();
            }
        }).isInstanceOf(IOException.class);
    }
}

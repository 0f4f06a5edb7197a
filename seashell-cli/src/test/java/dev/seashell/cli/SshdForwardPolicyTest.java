package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seashell's sshd enforces sshd_config's PermitOpen, PermitListen and DisableForwarding (also from
 * Match blocks) against OpenSSH's ssh: refusals reach the client as "administratively prohibited".
 */
class SshdForwardPolicyTest {
    /** What OpenSSH's ssh prints when OpenSSH's sshd refuses a channel (same words for Seashell's). */
    static final String PROHIBITED = "open failed: administratively prohibited: open failed";
    static ServerSocket echo;
    static ServerSocket other;
    @TempDir static Path dir;

    @BeforeAll
    static void startEcho() throws IOException {
        echo = TcpEcho.start();
        other = TcpEcho.start();
    }

    @AfterAll
    static void stopEcho() throws IOException {
        if (echo != null) echo.close();
        if (other != null) other.close();
    }

    static String me() {
        return System.getProperty("user.name");
    }

    /** Global PermitOpen/PermitListen none, opened up for this user by a Match block: only what it lists passes. */
    @Test
    void permitOpenAndPermitListenFromMatchBlock() throws Exception {
        try (var sshd = SeashellSshdProcess.start(dir, """
                PermitOpen none
                PermitListen none
                Match User nobody-else
                    PermitOpen any
                Match User %s
                    PermitOpen 127.0.0.1:%d
                    PermitListen 127.0.0.*:*
                """.formatted(me(), echo.getLocalPort()))) {
            var ok = ProcessRunner.command(sshd.ssh("-W", "127.0.0.1:" + echo.getLocalPort(), "127.0.0.1"))
                    .stdin("allowed\n").timeout(Duration.ofSeconds(60)).run();
            assertThat(ok.stdoutText()).as(ok.describe()).isEqualTo("allowed\n");

            var otherPort = ProcessRunner.command(sshd.ssh("-W", "127.0.0.1:" + other.getLocalPort(), "127.0.0.1"))
                    .stdin("refused\n").timeout(Duration.ofSeconds(60)).run();
            assertThat(otherPort.stdoutText()).as(otherPort.describe()).isEmpty();
            assertThat(otherPort.stderrText()).contains(PROHIBITED);
            // No name lookups: localhost is not 127.0.0.1 to PermitOpen.
            var byName = ProcessRunner.command(sshd.ssh("-W", "localhost:" + echo.getLocalPort(), "127.0.0.1"))
                    .stdin("refused\n").timeout(Duration.ofSeconds(60)).run();
            assertThat(byName.stderrText()).as(byName.describe()).contains(PROHIBITED);
            assertThat(sshd.logged("to connect to host localhost port " + echo.getLocalPort() + ", but the request was denied"))
                    .as(sshd.logText()).isTrue();

            // PermitListen 127.0.0.*:* lets an explicit 127.0.0.1 bind through, not ssh's default "localhost".
            var listen = sshd.run("-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:" + echo.getLocalPort(),
                    "127.0.0.1", "echo listened");
            assertThat(listen.stdoutText()).as(listen.describe()).isEqualTo("listened\n");
            assertThat(listen.stderrText()).contains("Allocated port");
            var byDefault = sshd.run("-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:" + echo.getLocalPort(),
                    "127.0.0.1", "echo should-not-run");
            assertThat(byDefault.stderrText()).as(byDefault.describe()).contains("remote port forwarding failed");
            assertThat(byDefault.exitCode()).isEqualTo(255);
            assertThat(sshd.logged("tcpip-forward for localhost:0 refused: administratively prohibited")).as(sshd.logText()).isTrue();
        }
    }

    /** DisableForwarding in a Match block overrides AllowTcpForwarding, X11Forwarding, AllowAgentForwarding and StreamLocal. */
    @Test
    void disableForwardingOverridesEverything() throws Exception {
        Path unixSock = dir.resolve("echo.sock");
        try (var unixEcho = UnixEcho.start(unixSock);
             var sshd = SeashellSshdProcess.start(dir, """
                AllowTcpForwarding yes
                AllowStreamLocalForwarding yes
                AllowAgentForwarding yes
                X11Forwarding yes
                PermitOpen any
                Match User %s
                    DisableForwarding yes
                """.formatted(me()))) {
            var tcp = ProcessRunner.command(sshd.ssh("-W", "127.0.0.1:" + echo.getLocalPort(), "127.0.0.1"))
                    .stdin("x\n").timeout(Duration.ofSeconds(60)).run();
            assertThat(tcp.stderrText()).as(tcp.describe()).contains(PROHIBITED);
            assertThat(tcp.stdoutText()).isEmpty();

            String[] unix = sshd.throughLocalForward(unixSock.toString(), "x\n");
            assertThat(unix[0]).isEmpty();
            assertThat(unix[1]).contains(PROHIBITED);
            assertThat(sshd.logged("direct-streamlocal to " + unixSock + " refused")).as(sshd.logText()).isTrue();
            var unixListen = sshd.run("-o", "ExitOnForwardFailure=yes", "-R", dir.resolve("r.sock") + ":127.0.0.1:"
                    + echo.getLocalPort(), "127.0.0.1", "echo should-not-run");
            assertThat(unixListen.stderrText()).as(unixListen.describe()).contains("remote port forwarding failed for listen path");

            var remote = sshd.run("-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:" + echo.getLocalPort(),
                    "127.0.0.1", "echo should-not-run");
            assertThat(remote.stderrText()).as(remote.describe()).contains("remote port forwarding failed");

            // Agent and X11 requests are refused: the session has neither SSH_AUTH_SOCK nor DISPLAY.
            var session = ProcessRunner.command(sshd.ssh("-A", "-X", "127.0.0.1", "echo \"[$SSH_AUTH_SOCK][$DISPLAY]\""))
                    .env("SSH_AUTH_SOCK", unixSock.toString()).env("DISPLAY", ":97")
                    .timeout(Duration.ofSeconds(60)).run();
            assertThat(session.stdoutText()).as(session.describe()).isEqualTo("[][]\n");
            assertThat(sshd.logged("X11 forwarding disabled for this connection")).as(sshd.logText()).isTrue();
            assertThat(sshd.logged("Agent forwarding disabled for this connection")).as(sshd.logText()).isTrue();
        }
    }

    /** For contrast, the same server without DisableForwarding serves the Unix socket and sets SSH_AUTH_SOCK. */
    @Test
    void withoutDisableForwardingTheSameRequestsPass() throws Exception {
        Path unixSock = dir.resolve("echo2.sock");
        try (var unixEcho = UnixEcho.start(unixSock);
             var sshd = SeashellSshdProcess.start(dir, "Match User nobody-else\n    DisableForwarding yes\n")) {
            String[] unix = sshd.throughLocalForward(unixSock.toString(), "through unix\n");
            assertThat(unix[0]).as(unix[1]).isEqualTo("through unix\n");
            Path remoteSock = dir.resolve("r2.sock");
            var unixListen = sshd.run("-o", "ExitOnForwardFailure=yes", "-R", remoteSock + ":127.0.0.1:" + echo.getLocalPort(),
                    "127.0.0.1", "test -S " + remoteSock + " && echo listening");
            assertThat(unixListen.stdoutText()).as(unixListen.describe()).isEqualTo("listening\n");
            var session = ProcessRunner.command(sshd.ssh("-A", "127.0.0.1", "echo \"[${SSH_AUTH_SOCK:+set}]\""))
                    .env("SSH_AUTH_SOCK", unixSock.toString()).timeout(Duration.ofSeconds(60)).run();
            assertThat(session.stdoutText()).as(session.describe()).isEqualTo("[set]\n");
        }
    }
}

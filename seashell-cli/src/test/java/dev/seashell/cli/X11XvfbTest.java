package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * X11 forwarding to a real X server (Xvfb) both ways: xdpyinfo in the remote session reports the
 * Xvfb's screen and extensions. Seashell's untrusted -X asks xauth for an untrusted cookie and ends
 * as OpenSSH's ssh -X -o ForwardX11Trusted=no does against the same server.
 */
class X11XvfbTest {
    static final String DIMENSIONS = "dimensions:    1234x567 pixels";
    static Xvfb xvfb;
    @TempDir static Path dir;

    @BeforeAll
    static void startX() throws Exception {
        xvfb = Xvfb.start(dir, "1234x567x24");
    }

    @AfterAll
    static void stopX() throws Exception {
        if (xvfb != null) xvfb.close();
    }

    /** The extension names xdpyinfo lists (what the X server lets this client see). */
    static List<String> extensions(String xdpyinfo) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String l : xdpyinfo.lines().toList()) {
            if (l.startsWith("number of extensions:")) {
                in = true;
            } else if (in && l.startsWith("    ")) {
                out.add(l.strip());
            } else if (in) {
                break;
            }
        }
        return out;
    }

    static ProcessRunner.Result withDisplay(List<String> cmd) {
        return ProcessRunner.command(cmd).env("DISPLAY", xvfb.displayName()).env("XAUTHORITY", xvfb.authority.toString())
                .timeout(Duration.ofSeconds(90)).run();
    }

    @Test
    void seashellClientToOpenSshSshd() throws Exception {
        // sshd stores the session's cookie with xauth in $XAUTHORITY: a temp file, not ~/.Xauthority.
        try (var peer = KeyedOpenSshd.start(dir, "x11", "X11Forwarding yes", "SetEnv XAUTHORITY=" + dir.resolve("remote-xauthority"))) {
            List<String> base = peer.seashellSsh();
            var trusted = withDisplay(with(base, "-Y", "127.0.0.1", "xdpyinfo"));
            assertThat(trusted.stdoutText()).as(trusted.describe()).contains(DIMENSIONS);
            assertThat(extensions(trusted.stdoutText())).isEqualTo(extensions(xvfb.xdpyinfo().stdoutText()));
            var trustedX = withDisplay(with(base, "-X", "-o", "ForwardX11Trusted=yes", "127.0.0.1", "xdpyinfo"));
            assertThat(trustedX.stdoutText()).as(trustedX.describe()).contains(DIMENSIONS);

            // -X alone is untrusted (upstream's default): a cookie from "xauth generate ... untrusted". Whether
            // the X server then lets the client in is its business; it must be the same as for OpenSSH's ssh.
            var untrusted = withDisplay(with(base, "-v", "-X", "127.0.0.1", "xdpyinfo"));
            assertThat(untrusted.stderrText()).as(untrusted.describe())
                    .containsPattern("xauth command: /usr/bin/xauth -f /\\S+/ssh-\\S+/xauthfile generate :" + xvfb.display
                            + " MIT-MAGIC-COOKIE-1 untrusted timeout 1260");
            var theirs = withDisplay(peer.openSsh("-X", "-o", "ForwardX11Trusted=no", "127.0.0.1", "xdpyinfo"));
            assertThat(untrusted.exitCode()).as(untrusted.describe() + "\nOpenSSH: " + theirs.describe()).isEqualTo(theirs.exitCode());
            assertThat(untrusted.stdoutText().contains(DIMENSIONS)).isEqualTo(theirs.stdoutText().contains(DIMENSIONS));
        }
    }

    @Test
    void openSshClientToSeashellSshd() throws Exception {
        try (var sshd = SeashellSshdProcess.start(dir, "X11Forwarding yes\n")) {
            var trusted = withDisplay(sshd.ssh("-Y", "127.0.0.1", "xdpyinfo"));
            assertThat(trusted.stdoutText()).as(trusted.describe()).contains(DIMENSIONS);
            assertThat(extensions(trusted.stdoutText())).isEqualTo(extensions(xvfb.xdpyinfo().stdoutText()));
            var x = withDisplay(sshd.ssh("-X", "-o", "ForwardX11Trusted=yes", "127.0.0.1", "xdpyinfo"));
            assertThat(x.stdoutText()).as(x.describe()).contains(DIMENSIONS);
        }
    }

    static List<String> with(List<String> base, String... more) {
        List<String> l = new ArrayList<>(base);
        l.addAll(List.of(more));
        return l;
    }
}

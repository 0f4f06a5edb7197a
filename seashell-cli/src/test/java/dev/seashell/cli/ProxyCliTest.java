package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell ssh ProxyCommand (ssh -W, seashell sshd -i) and -R port as a SOCKS proxy through the client. */
class ProxyCliTest extends OpenSshHopsCliTest {

    @Test
    void proxyCommandWithOpenSshStdioForward() {
        var r = run(ssh("-o", "ProxyCommand=ssh -F " + cfg + " -p " + sshd1.port() + " -W %h:%p 127.0.0.1",
                "-p", String.valueOf(sshd2.port()), "127.0.0.1", "echo $SSH_CONNECTION"));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText().trim()).endsWith(" " + sshd2.port());
    }

    @Test
    void proxyCommandRunsSeashellSshdInInetdMode() throws IOException {
        Path hk = dir.resolve("inetd_host_ed25519");
        PrivateKeyFiles.write(hk, inetdHostKey, null, 16);
        Path ak = dir.resolve("inetd_authorized_keys");
        Files.writeString(ak, key.publicLine() + "\n");
        Files.setPosixFilePermissions(ak, PosixFilePermissions.fromString("rw-------"));
        Path sshdConfig = dir.resolve("inetd_sshd_config");
        Files.writeString(sshdConfig, "HostKey " + hk + "\nAuthorizedKeysFile " + ak + "\n");
        String launcher = String.join(" ", java("sshd", "-i", "-f", sshdConfig.toString()));
        var r = run(ssh("-o", "ProxyCommand=" + launcher, "inetd-host", "echo inetd:%s".formatted("$USER")));
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).isEqualTo("inetd:" + System.getProperty("user.name") + "\n");
    }

    @Test
    void remoteForwardWithoutTargetIsASocksProxy() throws Exception {
        try (ServerSocket echo = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = echo.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // test ends
                }
            });
            Process p = new ProcessBuilder(ssh("-N", "-p", String.valueOf(sshd1.port()), "-R", "0", "127.0.0.1"))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                int allocated = -1;
                String line;
                while ((line = lines.readLine()) != null) { // bounded by the finally's kill
                    Matcher m = Pattern.compile("^Allocated port (\\d+) for remote forward").matcher(line);
                    if (m.find()) {
                        allocated = Integer.parseInt(m.group(1));
                        break;
                    }
                }
                assertThat(allocated).isPositive();
                try (Socket s = new Socket("127.0.0.1", allocated)) {
                    s.setSoTimeout(20_000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    out.write(new byte[] {5, 1, 0});
                    assertThat(in.readNBytes(2)).containsExactly(5, 0);
                    int port = echo.getLocalPort();
                    out.write(new byte[] {5, 1, 0, 1, 127, 0, 0, 1, (byte) (port >> 8), (byte) port});
                    assertThat(in.readNBytes(10)[1]).isEqualTo((byte) 0);
                    out.write("socks through the client".getBytes(StandardCharsets.UTF_8));
                    s.shutdownOutput();
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("socks through the client");
                }
            } finally {
                p.destroy();
                p.waitFor();
            }
        }
    }
}

package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LocalForwardExample} through a real OpenSSH sshd to a line-echo service. */
class LocalForwardExampleTest {
    @TempDir Path tmp;

    @Test
    void talksToAServiceThroughTheForward() throws Exception {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        try (ServerSocket service = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
             OpenSshServer sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
             SshClient ssh = SshClient.builder(sshd.host(), sshd.port())
                     .knownHosts(Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine()))
                     .identity(key.privateKey())
                     .connect()) {
            service.setSoTimeout(30_000);
            Thread echo = Thread.ofVirtual().start(() -> answerOnce(service));

            String reply = LocalForwardExample.talk(ssh, "127.0.0.1", service.getLocalPort(), "ping");

            assertThat(reply).isEqualTo("pong: ping");
            echo.join(30_000);
        }
    }

    private static void answerOnce(ServerSocket service) {
        try (Socket s = service.accept()) {
            s.setSoTimeout(30_000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println("pong: " + in.readLine());
        } catch (IOException e) {
            // the test's assertion reports the missing reply
        }
    }
}

package dev.seashell.forwarding;

import static dev.seashell.forwarding.ForwardTestSupport.assertEchoes;
import static dev.seashell.forwarding.ForwardTestSupport.connect;
import static dev.seashell.forwarding.ForwardTestSupport.random;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ssh -R port (no target) through OpenSSH's sshd: SOCKS answered by Seashell's client. */
class RemoteDynamicForwardTest {
    @Test
    void socks5AndSocks4aConnectsThroughOpenSshSshd() throws Exception {
        OpenSsh.assumeSshd();
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        try (OpenSshServer sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
             EchoServer target = EchoServer.tcp("127.0.0.1");
             SshClient c = SshClient.connect(sshd.host(), sshd.port(),
                     ProxyFixtures.options(PrivateKeyFiles.read(key.privateKey(), null)));
             RemoteForward r = new ForwardingClient(c.connection(), null).remoteDynamic(Endpoint.tcp("localhost", 0))) {
            assertThat(r.allocatedPort()).isPositive();
            try (Socket s = connect("127.0.0.1", r.allocatedPort())) {
                ForwardRestrictionsTest.socks5Connect(s, target.port());
                assertEchoes(s, random(100_000, 11));
            }
            try (Socket s = connect("127.0.0.1", r.allocatedPort())) {
                socks4aConnect(s, "localhost", target.port());
                assertEchoes(s, random(1000, 12));
            }
            assertThat(target.accepted.get()).isEqualTo(2);
        }
    }

    /** SOCKS4a CONNECT by name; asserts "request granted". */
    private static void socks4aConnect(Socket s, String host, int port) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(new byte[] {4, 1, (byte) (port >> 8), (byte) port, 0, 0, 0, 1, 0});
        out.write((host + "\0").getBytes(StandardCharsets.US_ASCII));
        byte[] reply = in.readNBytes(8);
        assertThat(reply[1]).as("SOCKS4 reply").isEqualTo((byte) 90);
    }
}

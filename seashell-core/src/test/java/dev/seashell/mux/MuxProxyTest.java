package dev.seashell.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ConnectionConfig;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** PROTOCOL.mux §9 proxy mode: OpenSSH's {@code ssh -O proxy} on a Seashell master, and Seashell's proxy client on both masters. */
class MuxProxyTest extends MuxServerFixture {
    @Test
    void openSshProxyClientOnASeashellMaster() throws Exception {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            ProcessRunner.Result r = ssh(sock, "-O", "proxy").run("echo hi; echo oops >&2; exit 3");
            assertThat(r.exitCode()).as(r.describe()).isEqualTo(3);
            assertThat(r.stdoutText()).isEqualTo("hi\n");
            assertThat(r.stderrText()).contains("oops");

            ProcessRunner.Result cat = ssh(sock, "-O", "proxy").stdin("through the proxy\n").run("cat; exit 0");
            assertThat(cat.exitCode()).as(cat.describe()).isZero();
            assertThat(cat.stdoutText()).isEqualTo("through the proxy\n");

            ProcessRunner.Result tty = ssh(sock, "-O", "proxy", "-tt").run("stty size; tty");
            assertThat(tty.stdoutText()).as("pty-req relayed: " + tty.describe()).contains("/dev/pts/");

            assertThat(master.awaitNoPassengers(Duration.ofSeconds(10))).as("proxy clients are counted out").isTrue();
            assertThat(client.connection().channelCount()).as("every relayed channel was closed").isZero();
            assertThat(master.isTerminated()).isFalse();
        }
    }

    @Test
    void seashellProxyClientOnASeashellMaster() throws Exception {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            assertProxyWorks(sock);
            assertThat(master.awaitNoPassengers(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aProxyClientThatLeavesMidSessionIsCountedOutAtOnce() throws Exception {
        Path sock = tmp.resolve("cm");
        try (SshClient client = connect(); MuxMaster master = MuxMaster.start(client, MuxMaster.Options.of(sock))) {
            try (MuxClient c = MuxClient.connect(sock); ProxyLink link = c.proxy(ConnectionConfig.defaults())) {
                ClientSession s = ClientSession.open(link.layer());
                s.exec("sleep 30");
                assertThat(master.passengers()).isEqualTo(1);
            }
            long t0 = System.nanoTime();
            assertThat(master.awaitNoPassengers(Duration.ofSeconds(5))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            try (MuxClient c = MuxClient.connect(sock)) {
                assertThat(c.aliveCheck()).as("the master carries on").isPositive();
            }
        }
    }

    @Test
    void seashellProxyClientOnAnOpenSshMaster() throws Exception {
        OpenSsh.assumeSsh();
        Path sock = tmp.resolve("osm");
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, sshd.knownHostsLine());
        List<String> cmd = OpenSshClient.to(sshd).identity(key).args("-M", "-S", sock.toString(), "-N").commandLine(kh);
        Process master = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("master.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            MuxInteropTest.awaitSocket(sock, master);
            assertProxyWorks(sock);
        } finally {
            master.destroyForcibly();
            master.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A session with exit status and stdin, and a direct-tcpip channel, over one proxy connection. */
    private static void assertProxyWorks(Path sock) throws IOException {
        try (MuxClient c = MuxClient.connect(sock); ProxyLink link = c.proxy(ConnectionConfig.defaults().withRequestTimeout(Duration.ofSeconds(15)))) {
            ConnectionLayer layer = link.layer();
            try (ClientSession s = ClientSession.open(layer)) {
                s.exec("read line; echo got $line; echo err >&2; exit 4");
                s.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
                s.stdin().close();
                CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(s.stderr()));
                assertThat(new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got hello\n");
                assertThat(new String(err.join(), StandardCharsets.UTF_8)).isEqualTo("err\n");
                assertThat(s.exitStatus(Duration.ofSeconds(10))).contains(4);
            }
            byte[] target = new SshWriter().writeString("127.0.0.1").writeInt(sshd.port()).writeString("127.0.0.1").writeInt(0).toByteArray();
            var tcp = layer.openChannel("direct-tcpip", target, null);
            assertThat(new String(tcp.inputStream().readNBytes(8), StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-");
            tcp.close();
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

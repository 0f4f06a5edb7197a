package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.auth.ServerUserAuth;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Timeout;

/**
 * The server's user-authentication state machine (RFC 4252): a real client transport handshakes
 * with a real server transport over in-memory pipes, asks for ssh-userauth, then sends each fuzz
 * message (split by {@link FuzzInputs}, at most 20) and a DISCONNECT. The server side must end with
 * an IOException or a result, never another exception, and never hang.
 */
class UserAuthFuzzTest {
    private static final List<SshKeyPair> HOST_KEYS = List.of(KeyGen.generate("ssh-ed25519", 0));
    private static final TransportConfig CONFIG = TransportConfig.defaults().withKex(List.of("curve25519-sha256"));
    private static final ServerAuthConfig POLICY = ServerAuthConfig.defaults()
            .withPublicKeys((user, key, remote) -> user.equals("alice"))
            .withPasswords((user, password, remote) -> false).withPasswordAuthentication(true)
            .withMaxAuthTries(6).withBanner("banner");
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.1", 40000);

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void serverAuth(byte[] data) throws Exception {
        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedOutputStream toClient = new PipedOutputStream(clientIn);
        Transport server = Transport.server(serverIn, toClient, toClient::close, CONFIG, HOST_KEYS);
        Transport client = Transport.client(clientIn, toServer, toServer::close, CONFIG, hostKey -> { });
        CompletableFuture<Void> serverSide = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                server.handshake();
                new ServerUserAuth(server, POLICY, REMOTE, line -> { }).run();
                serverSide.complete(null);
            } catch (IOException declared) {
                serverSide.complete(null);
            } catch (Throwable bug) {
                serverSide.completeExceptionally(bug);
            } finally {
                server.close();
            }
        });
        try {
            client.handshake();
            client.send(new SshWriter(32).writeByte(5).writeString("ssh-userauth").toByteArray());
            int n = 0;
            for (byte[] m : FuzzInputs.split(data)) {
                if (m.length == 0 || n++ == 20) break;
                int type = m[0] & 0xff;
                // Transport-layer numbers would steer the client's own transport, not test the server.
                if (type == 1 || (type >= 20 && type < 50)) m[0] = 50;
                client.send(m);
            }
            client.send(new SshWriter(16).writeByte(1).writeInt(11).writeString("").writeString("").toByteArray());
        } catch (IOException ignored) {
            // The server hung up first, or refused a message: it reports why below.
        }
        try {
            serverSide.get(8, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("server user auth failed with an undeclared exception", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("server user auth did not finish", e);
        } finally {
            client.close();
        }
    }
}

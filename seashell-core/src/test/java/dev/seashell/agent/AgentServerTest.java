package dev.seashell.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seashell's agent driven by Seashell's client, in process. */
class AgentServerTest {
    /** A clock the test moves by hand, to observe lifetimes without waiting. */
    static final class ManualClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();
    private final List<String> debug = new CopyOnWriteArrayList<>();
    private AgentServer server;
    private AgentClient client;

    @BeforeEach
    void start() throws IOException {
        server = AgentServer.start(AgentServer.privateSocketPath(),
                new AgentServer.Options(null, Confirmer.REFUSE, false, debug::add, clock));
        client = AgentClient.connect(server.socket());
    }

    @AfterEach
    void stop() throws IOException {
        client.close();
        Path dir = server.socket().getParent();
        server.close();
        assertThat(server.socket()).doesNotExist();
        assertThat(dir).doesNotExist();
    }

    @Test
    void socketAndDirectoryArePrivate() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socket().getParent()))).isEqualTo("rwx------");
        assertThat(server.socket().getFileName().toString()).isEqualTo("agent." + ProcessHandle.current().pid());
    }

    @Test
    void addListSignRemoveEachKeyType() throws IOException {
        List<SshKeyPair> keys = List.of(KeyGen.generate("ssh-ed25519", 0, "ed"),
                KeyGen.generate("ecdsa-sha2-nistp384", 384, "ec"), KeyGen.generate("ssh-rsa", 2048, "rsa"));
        for (SshKeyPair k : keys) client.add(k, Constraints.NONE);
        assertThat(client.list()).extracting(AgentResponse.Identity::comment).containsExactly("ed", "ec", "rsa");
        byte[] data = "data to sign".getBytes(StandardCharsets.UTF_8);
        for (AgentKeyPair k : client.keyPairs()) {
            for (SignatureAlgorithm alg : k.publicKey().signatureAlgorithms()) {
                byte[] sig = k.sign(alg, data);
                assertThat(k.publicKey().verify(alg, data, sig)).as(alg.toString()).isTrue();
            }
        }
        client.remove(keys.get(1).publicKey());
        assertThat(client.list()).extracting(AgentResponse.Identity::comment).containsExactly("ed", "rsa");
        assertThatThrownBy(() -> client.sign(keys.get(1).publicKey(), SignatureAlgorithm.ECDSA_SHA2_NISTP384, data))
                .isInstanceOf(AgentException.class);
        client.removeAll();
        assertThat(client.list()).isEmpty();
    }

    @Test
    void lifetimeExpires() throws IOException {
        SshKeyPair k = KeyGen.generate("ssh-ed25519", 0, "short");
        client.add(k, Constraints.lifetime(Duration.ofSeconds(10)));
        clock.now = clock.now.plusSeconds(9);
        assertThat(client.list()).hasSize(1);
        clock.now = clock.now.plusSeconds(1);
        assertThat(client.list()).isEmpty();
        assertThatThrownBy(() -> client.sign(k.publicKey(), SignatureAlgorithm.SSH_ED25519, new byte[1])).isInstanceOf(AgentException.class);
    }

    @Test
    void confirmConstraintWithoutAskpassRefusesUse() throws IOException {
        SshKeyPair k = KeyGen.generate("ssh-ed25519", 0, "confirm");
        client.add(k, new Constraints(null, true, List.of()));
        assertThat(client.list()).hasSize(1);
        assertThatThrownBy(() -> client.sign(k.publicKey(), SignatureAlgorithm.SSH_ED25519, new byte[1])).isInstanceOf(AgentException.class);
    }

    @Test
    void lockHidesKeysUntilTheRightPassphrase() throws IOException {
        SshKeyPair k = KeyGen.generate("ssh-ed25519", 0, "locked");
        client.add(k, Constraints.NONE);
        client.lock("pw".getBytes(StandardCharsets.UTF_8));
        assertThat(client.list()).isEmpty();
        assertThatThrownBy(() -> client.sign(k.publicKey(), SignatureAlgorithm.SSH_ED25519, new byte[1])).isInstanceOf(AgentException.class);
        assertThatThrownBy(() -> client.add(KeyGen.generate("ssh-ed25519", 0, "x"), Constraints.NONE)).isInstanceOf(AgentException.class);
        assertThatThrownBy(() -> client.lock("other".getBytes(StandardCharsets.UTF_8))).isInstanceOf(AgentException.class);
        assertThatThrownBy(() -> client.unlock("wrong".getBytes(StandardCharsets.UTF_8))).isInstanceOf(AgentException.class);
        client.unlock("pw".getBytes(StandardCharsets.UTF_8));
        assertThat(client.list()).extracting(AgentResponse.Identity::comment).containsExactly("locked");
    }

    @Test
    void queryAndSessionBind() throws IOException {
        assertThat(client.queryExtensions()).contains("query", "session-bind@openssh.com");
        SshKeyPair host = KeyGen.generate("ssh-ed25519", 0, "host");
        byte[] sid = new byte[32];
        sid[0] = 1;
        SessionBinding good = new SessionBinding(host.publicKey(), sid, host.sign(SignatureAlgorithm.SSH_ED25519, sid), false);
        byte[] otherSid = sid.clone();
        otherSid[1] = 2;
        SessionBinding forged = new SessionBinding(host.publicKey(), otherSid, good.signature(), false);
        assertThatThrownBy(() -> client.bindSession(forged)).isInstanceOf(AgentException.class);
        client.bindSession(good);
        // A connection bound for authentication may not be bound again.
        SessionBinding second = new SessionBinding(host.publicKey(), otherSid, host.sign(SignatureAlgorithm.SSH_ED25519, otherSid), true);
        assertThatThrownBy(() -> client.bindSession(second)).isInstanceOf(AgentException.class);
        assertThat(debug).anyMatch(s -> s.contains("session-bind: recorded ssh-ed25519 (authentication)"));
    }

    @Test
    void forwardingBindingCanRefuseSignatures() throws IOException {
        try (AgentServer strict = AgentServer.start(AgentServer.privateSocketPath(),
                new AgentServer.Options(null, Confirmer.REFUSE, true, null, null));
             AgentClient c = AgentClient.connect(strict.socket())) {
            SshKeyPair k = KeyGen.generate("ssh-ed25519", 0, "k");
            c.add(k, Constraints.NONE);
            assertThat(c.sign(k.publicKey(), SignatureAlgorithm.SSH_ED25519, new byte[1])).isNotEmpty();
            byte[] sid = new byte[32];
            c.bindSession(new SessionBinding(k.publicKey(), sid, k.sign(SignatureAlgorithm.SSH_ED25519, sid), true));
            assertThatThrownBy(() -> c.sign(k.publicKey(), SignatureAlgorithm.SSH_ED25519, new byte[1])).isInstanceOf(AgentException.class);
        }
    }

    @Test
    void unknownRequestsAndMalformedKeysFailWithoutClosing() throws IOException {
        assertThat(client.request(new AgentRequest.Unsupported(20))).isInstanceOf(AgentResponse.Failure.class);
        assertThat(client.request(new AgentRequest.Extension("nope@example.com", new byte[0]))).isInstanceOf(AgentResponse.Failure.class);
        // ADD_IDENTITY with a truncated Ed25519 key: FAILURE, and the connection stays usable.
        byte[] bad = new SshWriter().writeByte(AgentProtocol.ADD_IDENTITY).writeString("ssh-ed25519").writeBytes(new byte[5]).toByteArray();
        assertThat(client.requestRaw(bad)).isInstanceOf(AgentResponse.Failure.class);
        assertThat(client.list()).isEmpty();
    }

    @Test
    void oversizedFrameClosesTheConnection() throws IOException {
        try (SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            raw.connect(UnixDomainSocketAddress.of(server.socket()));
            raw.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 11}));
            ByteBuffer buf = ByteBuffer.allocate(16);
            int n;
            try {
                n = raw.read(buf);
            } catch (java.net.SocketException reset) {
                n = -1; // the agent closed with our unread byte pending: a reset, also a close
            }
            assertThat(n).isEqualTo(-1);
        }
        assertThat(client.list()).isEmpty(); // the agent itself is still serving
    }

    @Test
    void decodesKeyTypesThatAreNotOurs() throws IOException {
        AgentResponse.IdentitiesAnswer a = new AgentResponse.IdentitiesAnswer(List.of(
                new AgentResponse.Identity(new SshWriter().writeString("ssh-ed25519-cert-v01@openssh.com").toByteArray(), "cert")));
        assertThat(AgentResponse.decode(a.encode())).isInstanceOfSatisfying(AgentResponse.IdentitiesAnswer.class,
                d -> assertThat(d.identities().getFirst().comment()).isEqualTo("cert"));
        byte[] hostile = new SshWriter().writeByte(AgentProtocol.IDENTITIES_ANSWER).writeInt(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> AgentResponse.decode(hostile)).isInstanceOf(dev.seashell.wire.SshFormatException.class);
        assertThat(SshPublicKey.decode(KeyGen.generate("ssh-ed25519", 0, "").publicKey().blob())).isNotNull();
    }
}

package dev.seashell.auth;

import static dev.seashell.wire.MessageNumbers.USERAUTH_FAILURE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_PK_OK;
import static dev.seashell.wire.MessageNumbers.USERAUTH_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.client.SshClient;
import dev.seashell.config.ServerOptions.PermitRootLogin;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seashell's server authentication driven by hand-made messages over loopback TCP. */
class ServerAuthTest {
    static final SshKeyPair HOST = KeyGen.generate("ed25519", 0);
    static final SshKeyPair ALICE_KEY = KeyGen.generate("ed25519", 0, "alice");
    static final SshKeyPair OTHER_KEY = KeyGen.generate("ed25519", 0, "other");
    static final String ALICE_HASH = OpenBSDBCrypt.generate("2b", "wonderland".toCharArray(), new byte[16], 6);

    final Queue<String> log = new ConcurrentLinkedQueue<>();
    SshServer server;

    static final SessionHandler NOTHING = (s, c) -> false;

    SshServer start(ServerAuthConfig auth, Duration grace) throws IOException {
        server = SshServer.builder().port(0).hostKey(HOST).auth(auth).loginGraceTime(grace).log(log::add)
                .sessions((u, r, l) -> NOTHING).start();
        return server;
    }

    static ServerAuthConfig aliceConfig() {
        return ServerAuthConfig.defaults()
                .withPublicKeys((u, k, a) -> u.equals("alice") && Arrays.equals(k.blob(), ALICE_KEY.publicKey().blob()))
                .withPasswords(PasswordFile.parse("alice:" + ALICE_HASH + "\nroot:" + ALICE_HASH + "\n"));
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    /** A client transport past key exchange and the ssh-userauth service request. */
    Transport connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(10_000);
        Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, TransportConfig.defaults(), k -> { });
        t.handshake();
        t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
        assertThat(t.readPacket()[0]).isEqualTo((byte) MessageNumbers.SERVICE_ACCEPT);
        return t;
    }

    static SshWriter request(String user, String method) {
        return new SshWriter().writeByte(USERAUTH_REQUEST).writeString(user).writeString("ssh-connection").writeString(method);
    }

    static byte[] password(String user, String pw) {
        return request(user, "password").writeBoolean(false).writeString(pw).toByteArray();
    }

    static byte[] signedPublicKey(Transport t, String user, SshKeyPair offered, SshKeyPair signer) {
        byte[] blob = offered.publicKey().blob();
        byte[] data = AuthMessages.publicKeySignedData(t.sessionId(), user, "ssh-connection", SignatureAlgorithm.SSH_ED25519, blob);
        return request(user, "publickey").writeBoolean(true).writeString("ssh-ed25519").writeBytes(blob)
                .writeBytes(signer.sign(SignatureAlgorithm.SSH_ED25519, data)).toByteArray();
    }

    /** FAILURE's methods and partial flag, as "methods|partial"; or "SUCCESS". */
    static String outcome(byte[] p) throws IOException {
        if ((p[0] & 0xff) == USERAUTH_SUCCESS) return "SUCCESS";
        assertThat(p[0] & 0xff).isEqualTo(USERAUTH_FAILURE);
        SshReader r = new SshReader(p);
        r.readByte();
        return String.join(",", r.readNameList()) + "|" + r.readBoolean();
    }

    @Test
    void passwordAndPublicKeyEachSuffice() throws IOException {
        start(aliceConfig(), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("alice", "wrong"));
            assertThat(outcome(t.readPacket())).isEqualTo("publickey,password,keyboard-interactive|false");
            t.send(password("alice", "wonderland"));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
        try (Transport t = connect()) {
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
        assertThat(log).anyMatch(l -> l.matches("Failed password for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"))
                .anyMatch(l -> l.matches("Accepted password for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"))
                .anyMatch(l -> l.matches("Accepted publickey for alice from 127\\.0\\.0\\.1 port \\d+ ssh2: ED25519 SHA256:.+"));
    }

    @Test
    void offeringOneKeyAndSigningWithAnotherFails() throws IOException {
        // CVE-2024-45337 class: the decision must follow the key that was verified, not the one queried.
        start(aliceConfig(), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            byte[] blobA = ALICE_KEY.publicKey().blob();
            t.send(request("alice", "publickey").writeBoolean(false).writeString("ssh-ed25519").writeBytes(blobA).toByteArray());
            assertThat(t.readPacket()[0] & 0xff).isEqualTo(USERAUTH_PK_OK);
            t.send(signedPublicKey(t, "alice", OTHER_KEY, OTHER_KEY));
            assertThat(outcome(t.readPacket())).endsWith("|false");
            t.send(signedPublicKey(t, "alice", ALICE_KEY, OTHER_KEY));
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
        assertThat(log).noneMatch(l -> l.startsWith("Accepted"));
    }

    @Test
    void authenticationMethodsNeedBothStepsAndNoReuse() throws IOException {
        start(aliceConfig().withAuthenticationMethods(List.of(List.of("publickey", "password"))), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("alice", "wonderland"));
            assertThat(outcome(t.readPacket())).as("password is not a first step").isEqualTo("publickey|false");
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("password|true");
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).as("publickey cannot satisfy the password step").isEqualTo("password|false");
            t.send(password("alice", "wonderland"));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
    }

    /** The client comes back to a method it tried too early once a partial success moves the chain on. */
    @Test
    void clientCompletesAChainWhateverItsPreferenceOrder() throws IOException {
        start(aliceConfig().withAuthenticationMethods(List.of(List.of("password", "publickey"))), Duration.ofSeconds(30));
        var auth = new ClientUserAuth.Options("alice", List.of(ALICE_KEY), prompt -> "wonderland".toCharArray(), null,
                List.of("publickey", "password"), 1, "localhost");
        try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null))) {
            assertThat(c.transport().isClosed()).isFalse();
        }
        assertThat(log).anyMatch(l -> l.startsWith("Accepted publickey for alice"));
    }

    @Test
    void publickeyTwiceNeedsTwoKeys() throws IOException {
        ServerAuthConfig c = aliceConfig().withPublicKeys((u, k, a) -> true)
                .withAuthenticationMethods(List.of(List.of("publickey", "publickey")));
        start(c, Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("publickey|true");
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("publickey|false");
            t.send(signedPublicKey(t, "alice", OTHER_KEY, OTHER_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
    }

    @Test
    void keyboardInteractiveAsksForThePassword() throws IOException {
        start(aliceConfig().withPasswordAuthentication(false), Duration.ofSeconds(30));
        var auth = new ClientUserAuth.Options("alice", List.of(), null, (name, instr, prompts) -> {
            assertThat(prompts).containsExactly(new ClientUserAuth.Prompt("Password: ", false));
            return new String[] {"wonderland"};
        }, List.of("keyboard-interactive"), 0, "localhost");
        try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null))) {
            assertThat(c.transport().isClosed()).isFalse();
        }
        assertThat(log).anyMatch(l -> l.matches("Accepted keyboard-interactive/pam for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"));
    }

    @Test
    void abandonedKeyboardInteractiveGetsNoReplyOfItsOwn() throws IOException {
        start(aliceConfig(), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(request("alice", "keyboard-interactive").writeString("").writeString("").toByteArray());
            assertThat(t.readPacket()[0] & 0xff).isEqualTo(MessageNumbers.USERAUTH_INFO_REQUEST);
            t.send(password("alice", "wonderland"));
            assertThat(outcome(t.readPacket())).as("the next reply answers the password request").isEqualTo("SUCCESS");
        }
    }

    @Test
    void keyboardInteractiveWithTwoRoundsNeedsBothAnswers() throws IOException {
        start(aliceConfig().withTotp(new TotpAuthenticator(u -> java.util.Optional.empty())), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(request("alice", "keyboard-interactive").writeString("").writeString("").toByteArray());
            assertThat(t.readPacket()[0] & 0xff).isEqualTo(MessageNumbers.USERAUTH_INFO_REQUEST);
            t.send(new SshWriter().writeByte(MessageNumbers.USERAUTH_INFO_RESPONSE).writeInt(1).writeString("wonderland").toByteArray());
            byte[] second = t.readPacket();
            assertThat(second[0] & 0xff).as("asked for the code even though the password was right").isEqualTo(MessageNumbers.USERAUTH_INFO_REQUEST);
            assertThat(new String(second, java.nio.charset.StandardCharsets.UTF_8)).contains("Verification code: ");
            t.send(new SshWriter().writeByte(MessageNumbers.USERAUTH_INFO_RESPONSE).writeInt(1).writeString("123456").toByteArray());
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
    }

    @Test
    void maxAuthTriesDisconnects() throws IOException {
        start(aliceConfig().withMaxAuthTries(3), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("alice", "1"));
            t.readPacket();
            t.send(password("alice", "2"));
            t.readPacket();
            t.send(password("alice", "3"));
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class)
                    .hasMessageContaining("Too many authentication failures");
        }
    }

    @Test
    void permitRootLoginAndEmptyPasswords() throws IOException {
        ServerAuthConfig c = aliceConfig().withPasswords(PasswordFile.parse("root:" + ALICE_HASH + "\nempty:"
                + OpenBSDBCrypt.generate("2b", new char[0], new byte[16], 4) + "\n"));
        start(c, Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("root", "wonderland"));
            assertThat(outcome(t.readPacket())).as("prohibit-password by default").endsWith("|false");
        }
        try (Transport t = connect()) {
            t.send(password("empty", ""));
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
        server.close();
        start(c.withPermitRootLogin(PermitRootLogin.YES).withPermitEmptyPasswords(true), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("root", "wonderland"));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
        try (Transport t = connect()) {
            t.send(password("empty", ""));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
    }

    @Test
    void forcedCommandsOnlyLetsRootInWithACommandKeyOnly() throws IOException {
        SessionRestrictions forced = new SessionRestrictions(java.util.Optional.of("backup"), false, false, false, false, false,
                List.of(), List.of(), java.util.Map.of(), List.of());
        PublicKeyAuthenticator keys = new PublicKeyAuthenticator() {
            @Override
            public boolean isAuthorized(String user, dev.seashell.keys.SshPublicKey key, java.net.InetSocketAddress remote) {
                return true;
            }

            @Override
            public java.util.Optional<SessionRestrictions> authorize(String user, dev.seashell.keys.SshPublicKey key,
                                                                     java.net.InetSocketAddress remote) {
                return java.util.Optional.of(Arrays.equals(key.blob(), ALICE_KEY.publicKey().blob()) ? forced : SessionRestrictions.NONE);
            }
        };
        start(aliceConfig().withPublicKeys(keys).withPermitRootLogin(PermitRootLogin.FORCED_COMMANDS_ONLY), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(signedPublicKey(t, "root", OTHER_KEY, OTHER_KEY));
            assertThat(outcome(t.readPacket())).endsWith("|false");
            t.send(password("root", "wonderland"));
            assertThat(outcome(t.readPacket())).endsWith("|false");
            t.send(signedPublicKey(t, "root", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).isEqualTo("SUCCESS");
        }
        assertThat(log).anyMatch(l -> l.startsWith("ROOT LOGIN REFUSED FROM 127.0.0.1"));
    }

    @Test
    void invalidUserIsLoggedLikeOpenSsh() throws IOException {
        UserAccount alice = new UserAccount("alice", 1000, 1000, "/nonexistent", "/bin/sh");
        start(aliceConfig().withAccounts(u -> u.equals("alice") ? java.util.Optional.of(alice) : java.util.Optional.empty(),
                u -> List.of()), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("mallory", "wonderland"));
            assertThat(outcome(t.readPacket())).endsWith("|false");
            t.send(signedPublicKey(t, "mallory", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
        assertThat(log).anyMatch(l -> l.matches("Invalid user mallory from 127\\.0\\.0\\.1 port \\d+"))
                .anyMatch(l -> l.matches("Failed password for invalid user mallory from 127\\.0\\.0\\.1 port \\d+ ssh2"))
                .anyMatch(l -> l.startsWith("Failed publickey for invalid user mallory from 127.0.0.1 port "));
    }

    @Test
    void deniedUserFailsWithRightPassword() throws IOException {
        start(aliceConfig().withUserFilters(List.of("bob"), List.of(), List.of(), List.of()), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(password("alice", "wonderland"));
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
        assertThat(log).anyMatch(l -> l.equals("User alice from 127.0.0.1 not allowed because not listed in AllowUsers"));
    }

    @Test
    void bannerIsSentBeforeAuthentication() throws IOException {
        start(aliceConfig().withBanner("Authorised users only\n"), Duration.ofSeconds(30));
        List<String> banners = Collections.synchronizedList(new ArrayList<>());
        var auth = new ClientUserAuth.Options("alice", List.of(ALICE_KEY), null, null, List.of("publickey"), 0, "localhost");
        try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), banners::add, null))) {
            assertThat(banners).containsExactly("Authorised users only\n");
        }
    }

    @Test
    void pubkeyAcceptedAlgorithmsIsEnforced() throws IOException {
        start(aliceConfig().withPubkeyAcceptedAlgorithms(List.of("ecdsa-sha2-nistp256")), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(signedPublicKey(t, "alice", ALICE_KEY, ALICE_KEY));
            assertThat(outcome(t.readPacket())).endsWith("|false");
        }
    }

    @Test
    void channelOpenBeforeAuthenticationDisconnects() throws IOException {
        start(aliceConfig(), Duration.ofSeconds(30));
        try (Transport t = connect()) {
            t.send(new SshWriter().writeByte(MessageNumbers.CHANNEL_OPEN).writeString("session").writeInt(0)
                    .writeInt(1 << 20).writeInt(32768).toByteArray());
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class);
        }
        assertThat(log).anyMatch(l -> l.contains("message 90 not allowed before authentication"));
    }

    @Test
    void connectionServiceBeforeAuthenticationDisconnects() throws IOException {
        start(aliceConfig(), Duration.ofSeconds(30));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, TransportConfig.defaults(), k -> { });
            t.handshake();
            t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-connection").toByteArray());
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class)
                    .hasMessageContaining("not available before authentication");
        }
    }

    @Test
    void silentClientIsDisconnectedAfterLoginGraceTime() throws IOException {
        start(aliceConfig(), Duration.ofSeconds(1));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(15_000);
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes(); // returns at EOF: the server closed the connection
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(new String(all, 0, Math.min(all.length, 8), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("SSH-2.0-");
            assertThat(ms).isBetween(800L, 10_000L);
        }
        assertThat(log).anyMatch(l -> l.startsWith("Timeout before authentication for 127.0.0.1 port "));
    }
}

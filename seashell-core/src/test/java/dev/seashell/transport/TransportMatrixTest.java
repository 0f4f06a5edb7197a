package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.transport.cipher.CipherAlgorithm;
import dev.seashell.transport.cipher.MacAlgorithm;
import dev.seashell.transport.kex.KexAlgorithm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Seashell's client against Seashell's server over loopback TCP, for every algorithm pairing. */
class TransportMatrixTest {
    static SshKeyPair user;
    static SshServer server;
    static final List<String> ALL_HOST_KEY_ALGS = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");

    /** Echoes the command line, then stdin, then exits 7 — all inside the JVM. */
    static final SessionHandler ECHO = new SessionHandler() {
        @Override
        public boolean exec(ServerSession s, String command) {
            Thread.ofVirtual().start(() -> {
                try {
                    s.stdout().write((command + "\n").getBytes(StandardCharsets.UTF_8));
                    s.stdin().transferTo(s.stdout());
                    s.exit(7);
                } catch (IOException e) {
                    s.exit(1);
                }
            });
            return true;
        }
    };

    @BeforeAll
    static void start() throws IOException {
        user = KeyGen.generate("ed25519", 0, "test");
        TransportConfig all = TransportConfig.defaults().withKex(Algorithms.SUPPORTED_KEX)
                .withHostKeyAlgorithms(ALL_HOST_KEY_ALGS).withCiphers(Algorithms.SUPPORTED_CIPHERS)
                .withMacs(Algorithms.SUPPORTED_MACS).withCompression(List.of("none", "zlib@openssh.com", "zlib"));
        server = SshServer.builder().transport(all).port(0)
                .hostKey(KeyGen.generate("ed25519", 0)).hostKey(KeyGen.generate("ecdsa", 256))
                .hostKey(KeyGen.generate("ecdsa", 384)).hostKey(KeyGen.generate("ecdsa", 521))
                .hostKey(KeyGen.generate("rsa", 2048))
                .publicKeys((u, k, a) -> Arrays.equals(k.blob(), user.publicKey().blob()))
                .sessions((u, r, l) -> ECHO).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SshClient connect(TransportConfig config) throws IOException {
        var auth = new ClientUserAuth.Options("tester", List.of(user), null, null, List.of("publickey"), 0, "localhost");
        return SshClient.connect("127.0.0.1", server.port(),
                new SshClient.Options(config, key -> { }, auth, Duration.ofSeconds(10), null, null));
    }

    static void roundTrip(TransportConfig config, int bytes) throws IOException {
        try (SshClient c = connect(config)) {
            byte[] data = new byte[bytes];
            new Random(bytes).nextBytes(data);
            try (ClientSession s = c.openSession()) {
                s.exec("hello");
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        s.stdin().write(data);
                        s.stdin().close();
                    } catch (IOException ignored) {
                        // surfaces as a short read below
                    }
                });
                byte[] out = s.stdout().readAllBytes();
                byte[] expectedHead = "hello\n".getBytes(StandardCharsets.UTF_8);
                assertThat(Arrays.copyOf(out, expectedHead.length)).isEqualTo(expectedHead);
                assertThat(Arrays.copyOfRange(out, expectedHead.length, out.length)).isEqualTo(data);
                assertThat(s.exitStatus(Duration.ofSeconds(10))).contains(7);
                writer.join(10_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static Stream<Arguments> kexAndHostKey() {
        List<Arguments> args = new ArrayList<>();
        for (KexAlgorithm k : KexAlgorithm.values()) {
            for (String h : ALL_HOST_KEY_ALGS) args.add(Arguments.of(k.wireName, h));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("kexAndHostKey")
    void everyKexWithEveryHostKey(String kex, String hostKey) throws IOException {
        TransportConfig c = TransportConfig.defaults().withKex(List.of(kex)).withHostKeyAlgorithms(List.of(hostKey));
        try (SshClient client = connect(c)) {
            assertThat(client.transport().negotiated().kex()).isEqualTo(kex);
            assertThat(client.transport().negotiated().hostKey()).isEqualTo(hostKey);
            assertThat(client.transport().negotiated().strictKex()).isTrue();
            assertThat(client.exec("x", Duration.ofSeconds(10)).exitStatus()).isEqualTo(7);
        }
    }

    static Stream<Arguments> cipherAndMac() {
        List<Arguments> args = new ArrayList<>();
        for (CipherAlgorithm c : CipherAlgorithm.values()) {
            if (c.aead) args.add(Arguments.of(c.wireName, "hmac-sha2-256"));
            else for (MacAlgorithm m : MacAlgorithm.values()) args.add(Arguments.of(c.wireName, m.wireName));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cipherAndMac")
    void everyCipherWithEveryMac(String cipher, String mac) throws IOException {
        TransportConfig c = TransportConfig.defaults().withCiphers(List.of(cipher)).withMacs(List.of(mac));
        roundTrip(c, 300_000);
    }

    @ParameterizedTest
    @MethodSource("compressions")
    void compression(String method) throws IOException {
        roundTrip(TransportConfig.defaults().withCompression(List.of(method)), 1_000_000);
    }

    static Stream<String> compressions() {
        return Stream.of("zlib@openssh.com", "zlib");
    }

    @Test
    void rekeyEvery64KiBKeepsTheStreamExact() throws IOException {
        for (String cipher : List.of("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-ctr")) {
            roundTrip(TransportConfig.defaults().withCiphers(List.of(cipher)).withRekey(64 * 1024, null), 4_000_000);
        }
    }
}

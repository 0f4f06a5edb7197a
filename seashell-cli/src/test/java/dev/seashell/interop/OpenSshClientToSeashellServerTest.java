package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.Algorithms;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * OpenSSH's {@code ssh} against Seashell's {@link SshServer} running real processes: every key
 * exchange, cipher, MAC and host key algorithm both implement, one at a time, and user keys of
 * every type made by ssh-keygen. Each run executes {@code echo hello; exit 7} and checks both the
 * output and the exit status, and reads {@code ssh -v} to confirm the algorithm was really used.
 */
class OpenSshClientToSeashellServerTest {
    private static final String COMMAND = "echo hello; exit 7";
    private static final String FAST_KEX = "curve25519-sha256";
    private static final Set<String> AUTHORIZED = ConcurrentHashMap.newKeySet();
    private static SshServer server;
    private static String knownHosts;

    @BeforeAll
    static void startServer() throws IOException {
        OpenSsh.assumeSsh();
        SshServer.Builder b = SshServer.builder()
                .transport(Interop.allAlgorithms())
                .port(0)
                .pubkeyAcceptedAlgorithms(Algorithms.SUPPORTED_HOST_KEY)
                .publicKeys((user, key, addr) -> user.equals(Interop.USER) && AUTHORIZED.contains(line(key)))
                .sessions((user, remote, local) -> ProcessCommandHandler.forCurrentUser(null, null));
        Interop.allHostKeys().forEach(b::hostKey);
        server = b.start();
        knownHosts = Interop.knownHosts(server.port(), Interop.allHostKeys());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static String line(SshPublicKey key) {
        return new PublicKeyLine(key, "").format();
    }

    private static OpenSshClient.UserKey defaultUserKey;

    private static synchronized OpenSshClient.UserKey defaultUserKey() {
        if (defaultUserKey == null) {
            defaultUserKey = OpenSshClient.newUserKey("ed25519");
            AUTHORIZED.add(authorizedForm(defaultUserKey.publicLine()));
        }
        return defaultUserKey;
    }

    private static String authorizedForm(String pubLine) {
        try {
            return line(PublicKeyLine.parse(pubLine).key());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client with a cheap key exchange (the kex matrix is its own test) to keep the suite fast on 2 cores. */
    private static OpenSshClient client(OpenSshClient.UserKey key) {
        return client(key, FAST_KEX);
    }

    private static OpenSshClient client(OpenSshClient.UserKey key, String kex) {
        return OpenSshClient.to(server.port()).knownHosts(knownHosts).identity(key).option("KexAlgorithms=" + kex)
                .args("-v").timeout(Duration.ofSeconds(30));
    }

    /** Runs the command and checks output, status and that ssh -v reports {@code expectedDebug}. */
    private static void runAndCheck(OpenSshClient client, String... expectedDebug) {
        ProcessRunner.Result r = client.run(COMMAND);
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(7);
        assertThat(r.stdoutText()).as(r.describe()).isEqualTo("hello\n");
        for (String d : expectedDebug) {
            assertThat(r.stderrText()).as(r.describe()).contains(d);
        }
    }

    static Stream<String> kex() {
        return Interop.commonOrPlaceholder("kex", Algorithms.SUPPORTED_KEX);
    }

    static Stream<String> ciphers() {
        return Interop.commonOrPlaceholder("cipher", Algorithms.SUPPORTED_CIPHERS);
    }

    static Stream<String> macs() {
        return Interop.commonOrPlaceholder("mac", Algorithms.SUPPORTED_MACS);
    }

    static Stream<String> hostKeyAlgorithms() {
        // Certificate algorithms need a host certificate: CertificateInteropTest covers them.
        return Interop.commonOrPlaceholder("HostKeyAlgorithms",
                Algorithms.SUPPORTED_HOST_KEY.stream().filter(a -> !a.contains("-cert-v01@")).toList());
    }

    @ParameterizedTest(name = "kex {0}")
    @MethodSource("kex")
    void keyExchange(String kex) {
        OpenSsh.assumeSsh();
        runAndCheck(client(defaultUserKey(), kex), "kex: algorithm: " + kex);
    }

    @ParameterizedTest(name = "cipher {0}")
    @MethodSource("ciphers")
    void cipher(String cipher) {
        OpenSsh.assumeSsh();
        runAndCheck(client(defaultUserKey()).option("Ciphers=" + cipher),
                "kex: client->server cipher: " + cipher, "kex: server->client cipher: " + cipher);
    }

    @ParameterizedTest(name = "mac {0}")
    @MethodSource("macs")
    void mac(String mac) {
        OpenSsh.assumeSsh();
        runAndCheck(client(defaultUserKey()).option("Ciphers=aes128-ctr").option("MACs=" + mac),
                "kex: client->server cipher: aes128-ctr MAC: " + mac + " ", "kex: server->client cipher: aes128-ctr MAC: " + mac + " ");
    }

    @ParameterizedTest(name = "host key {0}")
    @MethodSource("hostKeyAlgorithms")
    void hostKeyAlgorithm(String alg) {
        OpenSsh.assumeSsh();
        runAndCheck(client(defaultUserKey()).option("HostKeyAlgorithms=" + alg), "kex: host key algorithm: " + alg);
    }

    @ParameterizedTest(name = "user key {0} {1} as {2}")
    @CsvSource({
            "ed25519, 0, ssh-ed25519",
            "ecdsa, 256, ecdsa-sha2-nistp256",
            "ecdsa, 384, ecdsa-sha2-nistp384",
            "ecdsa, 521, ecdsa-sha2-nistp521",
            "rsa, 3072, rsa-sha2-256",
            "rsa, 3072, rsa-sha2-512",
            "rsa, 3072, ssh-rsa"})
    void userKey(String type, int bits, String signatureAlgorithm) {
        OpenSsh.assumeSsh();
        OpenSshClient.UserKey key = OpenSshClient.UserKey.of(Interop.userKeyFile(type, bits));
        AUTHORIZED.add(authorizedForm(key.publicLine()));
        runAndCheck(client(key).option("PubkeyAcceptedAlgorithms=" + signatureAlgorithm).args("-vvv"),
                "Server accepts key: " + key.privateKey(), "signing using " + signatureAlgorithm + " ", "Authenticated to " + Interop.HOST);
    }
}

package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.keys.PassphraseRequiredException;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.Algorithms;
import dev.seashell.transport.HostKeyVerifier;
import dev.seashell.transport.Negotiated;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seashell's {@link SshClient} against a real OpenSSH sshd that enables every algorithm both sides
 * implement (SHA-1 ones included). The client offers one algorithm at a time, runs {@code exit 7}
 * and checks the status and what was negotiated; user keys of every type are made by ssh-keygen
 * (OpenSSH and PEM formats, with and without passphrase) and read by {@link PrivateKeyFiles}.
 */
class SeashellClientToOpenSshServerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String PASSPHRASE = "correct horse battery";
    /** A cheap key exchange for the tests that vary something else (the kex matrix is its own test). */
    private static final TransportConfig FAST = TransportConfig.defaults().withKex(List.of("curve25519-sha256"));

    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static List<SshPublicKey> hostKeys;
    private static SshKeyPair defaultUserKey;

    @BeforeAll
    static void startServer() throws IOException {
        OpenSsh.assumeSshd();
        OpenSsh.assumeSsh();
        List<String> config = new ArrayList<>();
        hostKeys = new ArrayList<>();
        for (String[] t : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"ecdsa", "384"}, {"ecdsa", "521"}, {"rsa", "3072"}}) {
            Path key = Interop.userKeyFile(t[0], Integer.parseInt(t[1]));
            config.add("HostKey " + key);
            hostKeys.add(PublicKeyLine.parse(Files.readString(OpenSsh.publicKeyFile(key))).key());
        }
        config.add("KexAlgorithms " + String.join(",", Interop.common("kex", Algorithms.SUPPORTED_KEX)));
        config.add("Ciphers " + String.join(",", Interop.common("cipher", Algorithms.SUPPORTED_CIPHERS)));
        config.add("MACs " + String.join(",", Interop.common("mac", Algorithms.SUPPORTED_MACS)));
        config.add("HostKeyAlgorithms " + String.join(",", Interop.common("HostKeyAlgorithms", Algorithms.SUPPORTED_HOST_KEY)));
        config.add("PubkeyAcceptedAlgorithms " + String.join(",", Interop.common("PubkeyAcceptedAlgorithms", Algorithms.SUPPORTED_HOST_KEY)));
        config.add("LogLevel DEBUG1");
        Path userKey = dir.resolve("id_default");
        OpenSsh.keygen("ed25519", 0, userKey, "interop-user");
        sshd = OpenSshServer.builder()
                .authorizedKey(Files.readString(OpenSsh.publicKeyFile(userKey)).strip())
                .config(config.toArray(String[]::new))
                .start();
        defaultUserKey = PrivateKeyFiles.read(userKey, null);
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static final HostKeyVerifier KNOWN_HOST_KEYS = key -> {
        if (hostKeys.stream().noneMatch(k -> Interop.sameKey(k, key))) {
            throw new IOException("host key not among the server's: " + key.keyType());
        }
    };

    static SshClient connect(int port, TransportConfig transport, HostKeyVerifier verifier, SshKeyPair userKey) throws IOException {
        ClientUserAuth.Options auth = new ClientUserAuth.Options(Interop.USER, List.of(userKey), null, null, List.of("publickey"), 0, Interop.HOST);
        return SshClient.connect(Interop.HOST, port, new SshClient.Options(transport, verifier, auth, Duration.ofSeconds(10), null, null));
    }

    /** Connects, runs {@code exit 7}, and returns what was negotiated. */
    private static Negotiated exit7(TransportConfig transport, SshKeyPair userKey) throws IOException {
        try (SshClient client = connect(sshd.port(), transport, KNOWN_HOST_KEYS, userKey)) {
            SshClient.ExecResult r = client.exec("echo hello; exit 7", TIMEOUT);
            assertThat(r.exitStatus()).as("stderr: %s\nsshd log:\n%s", r.stderrText(), sshd.log()).isEqualTo(7);
            assertThat(r.stdoutText()).isEqualTo("hello\n");
            return client.transport().negotiated();
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
    void keyExchange(String kex) throws IOException {
        OpenSsh.assumeSshd();
        Negotiated n = exit7(TransportConfig.defaults().withKex(List.of(kex)), defaultUserKey);
        assertThat(n.kex()).isEqualTo(kex);
    }

    @ParameterizedTest(name = "cipher {0}")
    @MethodSource("ciphers")
    void cipher(String cipher) throws IOException {
        OpenSsh.assumeSshd();
        Negotiated n = exit7(FAST.withCiphers(List.of(cipher)), defaultUserKey);
        assertThat(n.cipherClientToServer()).isEqualTo(cipher);
        assertThat(n.cipherServerToClient()).isEqualTo(cipher);
    }

    @ParameterizedTest(name = "mac {0}")
    @MethodSource("macs")
    void mac(String mac) throws IOException {
        OpenSsh.assumeSshd();
        Negotiated n = exit7(FAST.withCiphers(List.of("aes128-ctr")).withMacs(List.of(mac)), defaultUserKey);
        assertThat(n.macClientToServer()).isEqualTo(mac);
        assertThat(n.macServerToClient()).isEqualTo(mac);
    }

    @ParameterizedTest(name = "host key {0}")
    @MethodSource("hostKeyAlgorithms")
    void hostKeyAlgorithm(String alg) throws IOException {
        OpenSsh.assumeSshd();
        Negotiated n = exit7(FAST.withHostKeyAlgorithms(List.of(alg)), defaultUserKey);
        assertThat(n.hostKey()).isEqualTo(alg);
    }

    static Stream<Arguments> userKeys() {
        List<Arguments> out = new ArrayList<>();
        for (String[] t : new String[][] {{"ed25519", "0"}, {"ecdsa", "256"}, {"ecdsa", "384"}, {"ecdsa", "521"}, {"rsa", "3072"}}) {
            for (String format : List.of("OpenSSH", "PEM")) {
                if (t[0].equals("ed25519") && format.equals("PEM")) {
                    continue; // ssh-keygen 9.2 writes Ed25519 in its own format whatever -m says
                }
                for (boolean encrypted : List.of(false, true)) {
                    out.add(Arguments.of(t[0], Integer.parseInt(t[1]), format, encrypted));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "user key {0} {1} {2} encrypted={3}")
    @MethodSource("userKeys")
    void userKey(String type, int bits, String format, boolean encrypted) throws IOException {
        OpenSsh.assumeSshd();
        Path file = Interop.userKeyCopy(type, bits, dir.resolve("id_" + type + bits + format + encrypted), format,
                encrypted ? PASSPHRASE : "");
        String text = Files.readString(file);
        assertThat(text).startsWith(format.equals("PEM") ? "-----BEGIN " + (type.equals("rsa") ? "RSA" : "EC") + " PRIVATE KEY-----"
                : "-----BEGIN OPENSSH PRIVATE KEY-----");
        String pub = Files.readString(OpenSsh.publicKeyFile(file)).strip();
        sshd.addAuthorizedKey(pub);

        if (encrypted) {
            assertThatThrownBy(() -> PrivateKeyFiles.read(file, null)).isInstanceOf(PassphraseRequiredException.class);
        }
        SshKeyPair key = PrivateKeyFiles.read(file, encrypted ? PASSPHRASE.toCharArray() : null);
        assertThat(Interop.sameKey(key.publicKey(), PublicKeyLine.parse(pub).key())).isTrue();
        exit7(FAST, key);
        ProcessRunner.Result fp = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-lf", OpenSsh.publicKeyFile(file).toString()).run();
        String fingerprint = fp.stdoutText().split(" ")[1];
        assertThat(sshd.log()).contains("Accepted publickey for " + Interop.USER).contains(fingerprint);
    }
}

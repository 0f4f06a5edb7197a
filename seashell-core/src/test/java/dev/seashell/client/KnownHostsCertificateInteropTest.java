package dev.seashell.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.keys.SshCertificate;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's {@link KnownHostsVerifier} (the default of {@code SshClient.builder}) against OpenSSH 9.2's sshd
 * serving host certificates made by {@code ssh-keygen -s ca -h}: one per host key, each picked by its
 * certificate algorithm. ed25519: valid for 127.0.0.1; ecdsa P-256: for another name only; P-384: expired;
 * P-521: no principals (any host, which OpenSSH's ssh accepts too). known_hosts holds only the
 * {@code @cert-authority} line unless a test says otherwise; OpenSSH's ssh is asked the same where it says why.
 */
class KnownHostsCertificateInteropTest {
    private static final String USER = System.getProperty("user.name");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String HOST = OpenSshServer.HOST;

    @TempDir static Path dir;
    private static OpenSshServer sshd;
    private static Path userKey;
    private static String caLine;
    private static String plainEcdsaLine;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.assumeSshd();
        Path ca = dir.resolve("ca");
        OpenSsh.keygen("ed25519", 0, ca, "ca");
        caLine = Files.readString(OpenSsh.publicKeyFile(ca)).strip();
        userKey = dir.resolve("user");
        OpenSsh.keygen("ed25519", 0, userKey, "user");
        Path good = hostKey("ed25519", 0, "-n", HOST + ",other.example");
        Path elsewhere = hostKey("ecdsa", 256, "-n", "elsewhere.example");
        Path expired = hostKey("ecdsa", 384, "-n", HOST, "-V", "20200101:20200102");
        Path any = hostKey("ecdsa", 521);
        plainEcdsaLine = Files.readString(OpenSsh.publicKeyFile(elsewhere)).strip();
        List<String> config = new java.util.ArrayList<>();
        for (Path k : List.of(good, elsewhere, expired, any)) {
            config.add("HostKey " + k);
            config.add("HostCertificate " + k + "-cert.pub");
        }
        config.addAll(List.of("PasswordAuthentication no", "KbdInteractiveAuthentication no", "LogLevel VERBOSE"));
        sshd = OpenSshServer.builder().authorizedKey(Files.readString(OpenSsh.publicKeyFile(userKey)).strip())
                .config(config.toArray(String[]::new)).start();
    }

    /** A host key and its certificate by the CA, with these extra ssh-keygen options (-n, -V). */
    private static Path hostKey(String type, int bits, String... options) {
        Path key = dir.resolve("host_" + type + bits);
        OpenSsh.keygen(type, bits, key, "host");
        List<String> args = new java.util.ArrayList<>(List.of(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s",
                dir.resolve("ca").toString(), "-h", "-I", "host-" + type + bits));
        args.addAll(List.of(options));
        args.add(OpenSsh.publicKeyFile(key).toString());
        ProcessRunner.Result r = ProcessRunner.command(args.toArray(String[]::new)).timeout(TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return key;
    }

    @AfterAll
    static void stop() {
        if (sshd != null) sshd.close();
    }

    private static String authority() {
        return "@cert-authority [" + HOST + "]:" + sshd.port() + " " + caLine + "\n";
    }

    private static Path knownHosts(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static ClientBuilder client(Path knownHosts) throws IOException {
        return SshClient.builder(HOST, sshd.port()).user(USER).identity(userKey).knownHosts(knownHosts)
                .connectTimeout(TIMEOUT);
    }

    /** The builder's defaults with only {@code algorithm} offered for the host key. */
    private static ClientBuilder client(Path knownHosts, String algorithm) throws IOException {
        return client(knownHosts).transport(TransportConfig.defaults().withHostKeyAlgorithms(List.of(algorithm)));
    }

    /** OpenSSH's ssh with the same known_hosts, asking for {@code algorithm}. */
    private static ProcessRunner.Result openSsh(Path knownHosts, String algorithm) {
        return ProcessRunner.command(OpenSsh.SSH.toString(), "-F", "/dev/null", "-p", Integer.toString(sshd.port()),
                "-l", USER, "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "IdentitiesOnly=yes", "-i", userKey.toString(),
                "-o", "HostKeyAlgorithms=" + algorithm, HOST, "true").timeout(TIMEOUT).run();
    }

    @Test
    void connectsWithOnlyACertAuthorityLine() throws Exception {
        Path kh = knownHosts("kh_ca", authority());
        try (SshClient ssh = client(kh).connect()) {
            assertThat(ssh.transport().hostKey()).isInstanceOf(SshCertificate.class);
            assertThat(ssh.transport().hostKey().keyType()).isEqualTo("ssh-ed25519-cert-v01@openssh.com");
            assertThat(ssh.exec("echo ok", TIMEOUT).stdoutText()).isEqualTo("ok\n");
        }
        // without the line the same server is refused: the trust came from the CA
        assertThatThrownBy(() -> client(knownHosts("kh_empty", "")).connect()).isInstanceOf(IOException.class)
                .hasMessageContaining("is not in");
    }

    @Test
    void certificateWithoutPrincipalsIsAcceptedAsByOpenSsh() throws Exception {
        Path kh = knownHosts("kh_any", authority());
        String alg = "ecdsa-sha2-nistp521-cert-v01@openssh.com";
        try (SshClient ssh = client(kh, alg).connect()) {
            assertThat(ssh.transport().hostKey().keyType()).isEqualTo(alg);
        }
        ProcessRunner.Result theirs = openSsh(kh, alg);
        assertThat(theirs.exitCode()).as(theirs.describe()).isZero();
    }

    @Test
    void refusesCertificateForAnotherName() throws Exception {
        Path kh = knownHosts("kh_name", authority());
        String alg = "ecdsa-sha2-nistp256-cert-v01@openssh.com";
        assertThatThrownBy(() -> client(kh, alg).connect()).isInstanceOfSatisfying(HostCertificateException.class, e -> {
            assertThat(e.reason()).isEqualTo("Certificate invalid: name is not a listed principal");
            assertThat(e.revoked()).isFalse();
            assertThat(e.host()).isEqualTo(HOST);
            assertThat(e.port()).isEqualTo(sshd.port());
        });
        ProcessRunner.Result theirs = openSsh(kh, alg);
        assertThat(theirs.exitCode()).isEqualTo(255);
        assertThat(theirs.stderrText()).contains("Certificate invalid: name is not a listed principal");
    }

    @Test
    void refusesExpiredCertificate() throws Exception {
        Path kh = knownHosts("kh_expired", authority());
        String alg = "ecdsa-sha2-nistp384-cert-v01@openssh.com";
        assertThatThrownBy(() -> client(kh, alg).connect()).isInstanceOfSatisfying(HostCertificateException.class,
                e -> assertThat(e.reason()).isEqualTo("Certificate invalid: expired"));
        ProcessRunner.Result theirs = openSsh(kh, alg);
        assertThat(theirs.exitCode()).isEqualTo(255);
        assertThat(theirs.stderrText()).contains("Certificate invalid: expired");
    }

    @Test
    void refusesWhenTheCaIsRevoked() throws Exception {
        Path kh = knownHosts("kh_revoked", authority() + "@revoked * " + caLine + "\n");
        assertThatThrownBy(() -> client(kh).connect()).isInstanceOfSatisfying(HostCertificateException.class, e -> {
            assertThat(e.revoked()).isTrue();
            assertThat(e.reason()).isEqualTo("The ED25519-CERT host key for [" + HOST + "]:" + sshd.port() + " is marked as revoked.");
        });
    }

    @Test
    void invalidCertificateFallsBackToItsKnownPlainKey() throws Exception {
        // as ssh: a certificate the CA line cannot vouch for is checked as its plain key, which is on record here
        Path kh = knownHosts("kh_plain", authority() + "[" + HOST + "]:" + sshd.port() + " " + plainEcdsaLine + "\n");
        String alg = "ecdsa-sha2-nistp256-cert-v01@openssh.com";
        try (SshClient ssh = client(kh, alg).connect()) {
            assertThat(ssh.transport().hostKey().keyType()).isEqualTo(alg);
        }
        ProcessRunner.Result theirs = openSsh(kh, alg);
        assertThat(theirs.exitCode()).as(theirs.describe()).isZero();
    }

    @Test
    void plainKeyLinePrefersThatKeyTypeOverTheServersCertificates() throws Exception {
        // known_hosts orders the library's default algorithms: the recorded plain ECDSA key is asked for first
        Path kh = knownHosts("kh_plain_only", "[" + HOST + "]:" + sshd.port() + " " + plainEcdsaLine + "\n");
        try (SshClient ssh = client(kh).connect()) {
            assertThat(ssh.transport().hostKey().keyType()).isEqualTo("ecdsa-sha2-nistp256");
        }
    }
}

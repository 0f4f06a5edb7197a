package dev.seashell.interop;

import static dev.seashell.interop.SshdCertFixture.sshKeygen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.CertificateAuthenticator;
import dev.seashell.auth.PublicKeyAuthenticator;
import dev.seashell.auth.SessionRestrictions;
import dev.seashell.cli.keygen.KeygenCommand;
import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.forwarding.ForwardingPolicy;
import dev.seashell.keys.CertifiedKeyPair;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenSSH's ssh against Seashell's {@link SshServer} with certificates made by ssh-keygen: user
 * certificates through TrustedUserCAKeys ({@link CertificateAuthenticator}), the host certificate
 * trusted through a {@code @cert-authority} line, and the refusals: expired, not yet valid, wrong
 * principal, source-address, revoked by KRLs from ssh-keygen -k and seashell keygen -k, revoked CA.
 */
class CertificateServerInteropTest {
    @RegisterExtension
    static final SshdCertFixture f = new SshdCertFixture();
    static SshPublicKey caKey;
    static SshPublicKey ca2Key;
    static SshServer server;
    static String knownHosts;
    static volatile PublicKeyAuthenticator auth;

    @BeforeAll
    static void start() throws Exception {
        caKey = pub(Path.of(f.ca + ".pub"));
        ca2Key = pub(Path.of(f.ca2 + ".pub"));
        auth = trusted(RevokedKeys.none());

        SshKeyPair host = KeyGen.generate("ed25519", 0, "host");
        Path hostPub = Interop.write(f.dir.resolve("seashell-host.pub"), new PublicKeyLine(host.publicKey(), "host").format() + "\n");
        sshKeygen("-q", "-s", f.ca.toString(), "-h", "-I", "seashell-host", "-n", Interop.HOST, hostPub.toString());
        SshCertificate hostCert = (SshCertificate) pub(f.dir.resolve("seashell-host-cert.pub"));
        server = SshServer.builder().port(0)
                .hostKey(new CertifiedKeyPair(host, hostCert))
                .hostKey(host)
                .publicKeys(new PublicKeyAuthenticator() {
                    @Override
                    public boolean isAuthorized(String user, SshPublicKey key, InetSocketAddress remote) {
                        return auth.isAuthorized(user, key, remote);
                    }

                    @Override
                    public Optional<SessionRestrictions> authorize(String user, SshPublicKey key, InetSocketAddress remote) {
                        return auth.authorize(user, key, remote);
                    }
                })
                .sessions((user, remote, local) -> ProcessCommandHandler.forCurrentUser(null, null))
                .forwarding(ForwardingPolicy.openSshDefaults())
                .start();
        knownHosts = "@cert-authority [" + Interop.HOST + "]:" + server.port() + " " + Files.readString(Path.of(f.ca + ".pub"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @AfterEach
    void resetAuth() {
        auth = trusted(RevokedKeys.none());
    }

    private static CertificateAuthenticator trusted(RevokedKeys revoked) {
        return new CertificateAuthenticator(new CertificateAuthenticator.Settings(null, List.of(caKey, ca2Key), null, List.of(),
                null, revoked, null));
    }

    private static SshPublicKey pub(Path file) throws IOException {
        return PublicKeyLine.parse(Files.readString(file)).key();
    }

    private static ProcessRunner.Result login(Path cert, String command) {
        return OpenSshClient.to(server.port()).knownHosts(knownHosts).identity(f.userKey).option("CertificateFile=" + cert)
                .args("-v").timeout(Duration.ofSeconds(30)).run(command);
    }

    private static void assertAccepted(ProcessRunner.Result r) {
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).as(r.describe()).isEqualTo("hello\n");
    }

    private static void assertRefused(ProcessRunner.Result r) {
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).as(r.describe()).contains("Permission denied (publickey)");
        assertThat(r.stdoutText()).isEmpty();
    }

    @Test
    void userCertificateAcceptedOverHostCertificate() throws IOException {
        ProcessRunner.Result r = login(f.userCert("good", f.ca, "-n", Interop.USER, "-z", "3"), "echo hello");
        assertAccepted(r);
        assertThat(r.stderrText()).contains("Server host certificate: ssh-ed25519-cert-v01@openssh.com",
                "Host '[127.0.0.1]:" + server.port() + "' is known and matches the ED25519-CERT host certificate.",
                "Server accepts key: " + f.dir.resolve("good-cert.pub") + " ED25519-CERT");
    }

    @Test
    void invalidCertificatesAreRefused() throws IOException {
        assertRefused(login(f.userCert("expired", f.ca, "-n", Interop.USER, "-V", "20000101:20010101"), "echo hello"));
        assertRefused(login(f.userCert("future", f.ca, "-n", Interop.USER, "-V", "20900101:20910101"), "echo hello"));
        assertRefused(login(f.userCert("stranger", f.ca, "-n", "someone-else"), "echo hello"));
        assertRefused(login(f.userCert("elsewhere", f.ca, "-n", Interop.USER, "-O", "source-address=10.9.9.9/32"), "echo hello"));
        assertRefused(login(f.userCert("critical", f.ca, "-n", Interop.USER, "-O", "critical:unheard-of@example.com"), "echo hello"));
        assertRefused(login(f.userCert("hostcert", f.ca, "-h", "-n", Interop.USER), "echo hello"));
    }

    @Test
    void sourceAddressMatchAndForceCommandRuns() throws IOException {
        ProcessRunner.Result r = login(f.userCert("forced", f.ca, "-n", Interop.USER, "-O", "source-address=127.0.0.0/8,::1",
                "-O", "force-command=echo forced"), "echo hello");
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).as("the certificate's command ran instead").isEqualTo("forced\n");
    }

    @Test
    void krlFromSshKeygenRevokesBySerial() throws IOException {
        Path revoked = f.userCert("serial666", f.ca, "-n", Interop.USER, "-z", "666");
        Path kept = f.userCert("serial5", f.ca, "-n", Interop.USER, "-z", "5");
        Path spec = Interop.write(f.dir.resolve("spec_openssh"), "serial: 600-700\n");
        Path krl = f.dir.resolve("openssh.krl");
        sshKeygen("-q", "-k", "-f", krl.toString(), "-s", f.ca + ".pub", spec.toString());
        auth = trusted(RevokedKeys.read(krl));
        assertRefused(login(revoked, "echo hello"));
        assertAccepted(login(kept, "echo hello"));
    }

    @Test
    void krlFromSeashellKeygenRevokesByKeyIdAndCa() throws IOException {
        Path byId = f.userCert("bad-id", f.ca, "-n", Interop.USER);
        Path byRevokedCa = f.userCert("from-ca2", f.ca2, "-n", Interop.USER);
        Path kept = f.userCert("kept", f.ca, "-n", Interop.USER);
        Path spec = Interop.write(f.dir.resolve("spec_seashell"), "id: bad-id\n");
        Path caSpec = Interop.write(f.dir.resolve("spec_ca"), "key: " + Files.readString(Path.of(f.ca2 + ".pub")));
        Path krl = f.dir.resolve("seashell.krl");
        assertThat(KeygenCommand.run(new String[] {"-k", "-f", krl.toString(), "-s", f.ca + ".pub", spec.toString(), caSpec.toString()}))
                .isZero();
        auth = trusted(RevokedKeys.read(krl));
        assertRefused(login(byId, "echo hello"));
        assertRefused(login(byRevokedCa, "echo hello"));
        assertAccepted(login(kept, "echo hello"));
    }

    @Test
    void portForwardingOnlyWithPermitPortForwarding() throws IOException {
        // ssh -W to the server's own port: a permitted stdio forward reads the SSH banner.
        Path allowed = f.userCert("fwd-ok", f.ca, "-n", Interop.USER);
        Path denied = f.userCert("fwd-no", f.ca, "-n", Interop.USER, "-O", "no-port-forwarding");
        ProcessRunner.Result ok = OpenSshClient.to(server.port()).knownHosts(knownHosts).identity(f.userKey)
                .option("CertificateFile=" + allowed).args("-W", Interop.HOST + ":" + server.port()).timeout(Duration.ofSeconds(30)).run();
        assertThat(ok.stdoutText()).as(ok.describe()).startsWith("SSH-2.0-");
        ProcessRunner.Result no = OpenSshClient.to(server.port()).knownHosts(knownHosts).identity(f.userKey)
                .option("CertificateFile=" + denied).args("-W", Interop.HOST + ":" + server.port()).timeout(Duration.ofSeconds(30)).run();
        assertThat(no.stdoutText()).as(no.describe()).isEmpty();
        assertThat(no.stderrText()).as(no.describe()).contains("administratively prohibited");
    }
}

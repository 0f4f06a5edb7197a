package dev.seashell.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.config.CaSignatureAlgorithms;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host certificate decisions without a server: {@link HostCertificateCheck}, {@link KnownHostsVerifier}, accept-new and algorithm order. */
class HostCertificateCheckTest {
    private static final SshKeyPair CA = KeyGen.generate("ed25519", 0, "ca");
    private static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0, "host");
    private static final Instant NOW = Instant.now();

    @TempDir Path dir;

    private static SshCertificate cert(List<String> principals, long validBefore, SshKeyPair ca, SignatureAlgorithm alg) {
        return SshCertificate.sign(new byte[32], HOST_KEY.publicKey(), 7, SshCertificate.Kind.HOST, "h", principals, 0,
                validBefore, List.of(), List.of(), ca, alg);
    }

    private static SshCertificate cert(String... principals) {
        return cert(List.of(principals), SshCertificate.FOREVER, CA, SignatureAlgorithm.SSH_ED25519);
    }

    private static String line(String marker, String hosts, SshKeyPair key) {
        return (marker == null ? "" : marker + " ") + hosts + " " + new PublicKeyLine(key.publicKey(), "").format() + "\n";
    }

    private KnownHosts known(String content) throws Exception {
        return KnownHosts.read(List.of(Files.writeString(dir.resolve("kh"), content)));
    }

    @Test
    void problemsInOpenSshWords() {
        List<String> algs = CaSignatureAlgorithms.DEFAULT;
        assertThat(HostCertificateCheck.problem(cert("h.example"), "h.example", NOW, algs)).isEmpty();
        assertThat(HostCertificateCheck.problem(cert(), "h.example", NOW, algs)).as("no principals: any host").isEmpty();
        assertThat(HostCertificateCheck.problem(cert("*.example"), "h.example", NOW, algs))
                .as("principals are names, not patterns").contains("Certificate invalid: name is not a listed principal");
        assertThat(HostCertificateCheck.problem(cert("h.example"), "H.example", NOW, algs))
                .contains("Certificate invalid: name is not a listed principal");
        assertThat(HostCertificateCheck.problem(cert(List.of("h.example"), 1000, CA, SignatureAlgorithm.SSH_ED25519), "h.example", NOW, algs))
                .contains("Certificate invalid: expired");
        SshCertificate future = SshCertificate.sign(new byte[32], HOST_KEY.publicKey(), 0, SshCertificate.Kind.HOST, "h",
                List.of("h.example"), NOW.getEpochSecond() + 3600, SshCertificate.FOREVER, List.of(), List.of(), CA,
                SignatureAlgorithm.SSH_ED25519);
        assertThat(HostCertificateCheck.problem(future, "h.example", NOW, algs)).contains("Certificate invalid: not yet valid");
        SshKeyPair rsaCa = KeyGen.generate("rsa", 2048, "rsa-ca");
        SshCertificate sha1 = cert(List.of("h.example"), SshCertificate.FOREVER, rsaCa, SignatureAlgorithm.SSH_RSA);
        assertThat(HostCertificateCheck.problem(sha1, "h.example", NOW, algs)).contains("Certificate signed with disallowed algorithm");
        assertThat(HostCertificateCheck.problem(sha1, "h.example", NOW, List.of("ssh-rsa"))).isEmpty();
    }

    @Test
    void verdictFollowsTheCertAuthorityLines() throws Exception {
        SshCertificate c = cert("h.example");
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "*.example", CA)), "h.example", 22, c, NOW,
                CaSignatureAlgorithms.DEFAULT)).isInstanceOf(HostCertificateCheck.Trusted.class);
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "other.example", CA)), "h.example", 22, c, NOW,
                CaSignatureAlgorithms.DEFAULT)).isInstanceOf(HostCertificateCheck.NoAuthority.class);
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "*.example", CA)), "h.example", 2222, c, NOW,
                CaSignatureAlgorithms.DEFAULT)).as("[h.example]:2222 is another name").isInstanceOf(HostCertificateCheck.NoAuthority.class);
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "[h.example]:2222", CA)), "h.example", 2222, c, NOW,
                CaSignatureAlgorithms.DEFAULT)).as("principal is the bare name").isInstanceOf(HostCertificateCheck.Trusted.class);
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "*", CA) + line("@revoked", "*", HOST_KEY)), "h.example",
                22, c, NOW, CaSignatureAlgorithms.DEFAULT)).isInstanceOf(HostCertificateCheck.Revoked.class);
        assertThat(HostCertificateCheck.check(known(line("@cert-authority", "*", CA)), "x.example", 22, c, NOW,
                CaSignatureAlgorithms.DEFAULT)).isEqualTo(new HostCertificateCheck.Invalid(
                known(line("@cert-authority", "*", CA)).certAuthority("x.example", 22, CA.publicKey()),
                "Certificate invalid: name is not a listed principal"));
    }

    @Test
    void verifierAcceptsTrustedRefusesInvalidAndFallsBackToAPlainKey() throws Exception {
        Path kh = Files.writeString(dir.resolve("known_hosts"), line("@cert-authority", "*.example", CA));
        new KnownHostsVerifier(List.of(kh), "h.example", 22).verify(cert("h.example"));
        assertThatThrownBy(() -> new KnownHostsVerifier(List.of(kh), "x.example", 22).verify(cert("h.example")))
                .isInstanceOfSatisfying(HostCertificateException.class,
                        e -> assertThat(e.reason()).isEqualTo("Certificate invalid: name is not a listed principal"))
                .hasMessageStartingWith("Certificate invalid: name is not a listed principal: host certificate for x.example refused");
        Files.writeString(kh, line(null, "x.example", HOST_KEY), java.nio.file.StandardOpenOption.APPEND);
        new KnownHostsVerifier(List.of(kh), "x.example", 22).verify(cert("h.example"));
        SshKeyPair other = KeyGen.generate("ed25519", 0, "other");
        Path changed = Files.writeString(dir.resolve("changed"), line("@cert-authority", "*", CA) + line(null, "x.example", other));
        assertThatThrownBy(() -> new KnownHostsVerifier(List.of(changed), "x.example", 22).verify(cert("h.example")))
                .isInstanceOf(HostKeyMismatchException.class);
        Path strictAlgs = Files.writeString(dir.resolve("algs"), line("@cert-authority", "*", CA));
        assertThatThrownBy(() -> new KnownHostsVerifier(List.of(strictAlgs), "h.example", 22, List.of("rsa-sha2-512"))
                .verify(cert("h.example"))).isInstanceOfSatisfying(HostCertificateException.class,
                e -> assertThat(e.reason()).isEqualTo("Certificate signed with disallowed algorithm"));
    }

    @Test
    void acceptNewRecordsThePlainKeyOfAnUnvouchedCertificate() throws Exception {
        Path kh = dir.resolve("accept_new");
        var verifier = AcceptNewHostKeys.of(List.of(kh), kh, "h.example", 22, false, CaSignatureAlgorithms.DEFAULT);
        verifier.verify(cert("h.example"));
        assertThat(Files.readString(kh)).isEqualTo(line(null, "h.example", HOST_KEY));
        verifier.verify(cert("h.example")); // now known as a plain key
        Path withCa = Files.writeString(dir.resolve("with_ca"), line("@cert-authority", "*", CA));
        AcceptNewHostKeys.of(List.of(withCa), withCa, "h.example", 22, false, CaSignatureAlgorithms.DEFAULT).verify(cert("h.example"));
        assertThat(Files.readString(withCa)).as("a vouched certificate adds nothing").isEqualTo(line("@cert-authority", "*", CA));
        Path revoked = Files.writeString(dir.resolve("revoked"), line("@revoked", "*", CA));
        assertThatThrownBy(() -> AcceptNewHostKeys.of(List.of(revoked), revoked, "h.example", 22, false, CaSignatureAlgorithms.DEFAULT)
                .verify(cert("h.example"))).isInstanceOfSatisfying(HostCertificateException.class, e -> assertThat(e.revoked()).isTrue());
    }

    @Test
    void builderOffersCertificateAlgorithmsFirstForACertAuthority() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca_kh"), line("@cert-authority", "*.example", CA));
        List<String> algs = SshClient.builder("h.example", 22).knownHosts(ca).options().transport().hostKeyAlgorithms();
        assertThat(algs.subList(0, 6)).allMatch(SshCertificate::isCertificateType);
        SshKeyPair ec = KeyGen.generate("ecdsa", 256, "ec");
        Path plain = Files.writeString(dir.resolve("plain_kh"), line(null, "h.example", ec));
        List<String> plainAlgs = SshClient.builder("h.example", 22).knownHosts(plain).options().transport().hostKeyAlgorithms();
        assertThat(plainAlgs.getFirst()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(Optional.of(plainAlgs.size())).contains(algs.size());
    }
}

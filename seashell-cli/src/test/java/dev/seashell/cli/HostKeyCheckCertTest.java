package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.HostCertificateCheck;
import dev.seashell.config.CaSignatureAlgorithms;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's certificate decisions that need no server: algorithm order and host certificate checks. */
class HostKeyCheckCertTest {
    @TempDir
    Path home;

    private SshHostConfig config(String knownHosts, String extra) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Path kh = Files.writeString(home.resolve("kh"), knownHosts);
        Files.writeString(home.resolve(".ssh/config"), "UserKnownHostsFile " + kh + "\nGlobalKnownHostsFile /dev/null\n" + extra);
        return SshConfig.builder().home(home).systemConfig(home.resolve("none")).localUser("me").localHostname("box")
                .uid("1000").environment(Map.of()).load().forHost("h.example");
    }

    @Test
    void certificateAlgorithmsFirstWhenACertAuthorityCoversTheHost() throws Exception {
        SshKeyPair ca = KeyGen.generate("ed25519", 0, "ca");
        List<String> configured = List.of("ssh-ed25519", "rsa-sha2-512", "ssh-ed25519-cert-v01@openssh.com",
                "rsa-sha2-512-cert-v01@openssh.com");
        SshHostConfig withCa = config("@cert-authority *.example " + new PublicKeyLine(ca.publicKey(), "").format() + "\n", "");
        assertThat(new HostKeyCheck(withCa, "h.example", 22, null, s -> {}).preferredAlgorithms(configured))
                .containsExactly("ssh-ed25519-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com", "ssh-ed25519", "rsa-sha2-512");
        SshKeyPair rsa = KeyGen.generate("rsa", 2048, "h");
        SshHostConfig plain = config("h.example " + new PublicKeyLine(rsa.publicKey(), "").format() + "\n", "");
        assertThat(new HostKeyCheck(plain, "h.example", 22, null, s -> {}).preferredAlgorithms(configured))
                .containsExactly("rsa-sha2-512", "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com");
        SshHostConfig other = config("@cert-authority other.example " + new PublicKeyLine(ca.publicKey(), "").format() + "\n",
                "CertificateFile ~/.ssh/my-cert.pub\n");
        assertThat(new HostKeyCheck(other, "h.example", 22, null, s -> {}).preferredAlgorithms(configured)).isEqualTo(configured);
        assertThat(other.certificateFiles()).containsExactly(home + "/.ssh/my-cert.pub");
    }

    @Test
    void hostCertificateProblems() {
        SshKeyPair ca = KeyGen.generate("ed25519", 0, "ca");
        SshKeyPair host = KeyGen.generate("ed25519", 0, "host");
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        SshCertificate good = SshCertificate.sign(new byte[32], host.publicKey(), 0, SshCertificate.Kind.HOST, "h",
                List.of("h.example"), 0, SshCertificate.FOREVER, List.of(), List.of(), ca, SignatureAlgorithm.SSH_ED25519);
        assertThat(HostCertificateCheck.problem(good, "h.example", now, CaSignatureAlgorithms.DEFAULT)).isEmpty();
        assertThat(HostCertificateCheck.problem(good, "other.example", now, CaSignatureAlgorithms.DEFAULT)).contains("Certificate invalid: name is not a listed principal");
        SshCertificate user = SshCertificate.sign(new byte[32], host.publicKey(), 0, SshCertificate.Kind.USER, "h",
                List.of("h.example"), 0, SshCertificate.FOREVER, List.of(), List.of(), ca, SignatureAlgorithm.SSH_ED25519);
        assertThat(HostCertificateCheck.problem(user, "h.example", now, CaSignatureAlgorithms.DEFAULT)).contains("Certificate invalid: not a host certificate");
        SshCertificate expired = SshCertificate.sign(new byte[32], host.publicKey(), 0, SshCertificate.Kind.HOST, "h",
                List.of("h.example"), 0, 1000, List.of(), List.of(), ca, SignatureAlgorithm.SSH_ED25519);
        assertThat(HostCertificateCheck.problem(expired, "h.example", now, CaSignatureAlgorithms.DEFAULT)).contains("Certificate invalid: expired");
    }
}

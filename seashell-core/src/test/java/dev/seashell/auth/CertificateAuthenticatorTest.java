package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.Krl;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshCertificate.Option;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate login decisions: which CA, which principals, and what the certificate grants. */
class CertificateAuthenticatorTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40000);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    @TempDir
    static Path home;
    static SshKeyPair ca;
    static SshKeyPair otherCa;
    static SshKeyPair user;
    static UserAccount alice;

    @BeforeAll
    static void keys() {
        ca = KeyGen.generate("ed25519", 0, "ca");
        otherCa = KeyGen.generate("ed25519", 0, "other");
        user = KeyGen.generate("ed25519", 0, "user");
        alice = new UserAccount("alice", 1000, 1000, home.toString(), "/bin/sh");
    }

    private static SshCertificate cert(SshKeyPair by, List<String> principals, List<Option> critical, List<String> extensions) {
        List<Option> ext = new ArrayList<>();
        extensions.forEach(e -> ext.add(Option.flag(e)));
        return SshCertificate.sign(new byte[32], user.publicKey(), 1, SshCertificate.Kind.USER, "id", principals,
                0, SshCertificate.FOREVER, critical, ext, by, SignatureAlgorithm.SSH_ED25519);
    }

    private static SshCertificate cert(List<String> principals) {
        return cert(ca, principals, List.of(), SshCertificate.DEFAULT_USER_EXTENSIONS);
    }

    private static CertificateAuthenticator auth(PublicKeyAuthenticator plain, List<SshPublicKey> cas, String principalsFile,
                                                 List<String> authorizedKeys, RevokedKeys revoked) {
        return new CertificateAuthenticator(new CertificateAuthenticator.Settings(plain, cas, principalsFile, authorizedKeys,
                u -> u.equals("alice") ? Optional.of(alice) : Optional.empty(), revoked, CLOCK));
    }

    @Test
    void trustedCaNeedsTheUserNameAmongPrincipals() {
        CertificateAuthenticator a = auth(null, List.of(ca.publicKey()), null, List.of(), null);
        assertThat(a.authorize("alice", cert(List.of("alice", "x")), LOCAL)).contains(SessionRestrictions.NONE);
        assertThat(a.authorize("alice", cert(List.of("bob")), LOCAL)).isEmpty();
        assertThat(a.authorize("alice", cert(List.of()), LOCAL)).as("no principals is no login").isEmpty();
        assertThat(a.authorize("alice", cert(otherCa, List.of("alice"), List.of(), List.of()), LOCAL)).as("untrusted CA").isEmpty();
        assertThat(a.authorize("alice", user.publicKey(), LOCAL)).as("plain keys without a delegate").isEmpty();
    }

    @Test
    void principalsFileWithTokensAndOptions() throws Exception {
        Files.writeString(home.resolve("principals_alice"), "# who may be alice\nops\ncommand=\"/bin/date\",no-pty admins\n");
        CertificateAuthenticator a = auth(null, List.of(ca.publicKey()), "%h/principals_%u", List.of(), null);
        assertThat(a.authorize("alice", cert(List.of("alice")), LOCAL)).as("the file replaces the user name").isEmpty();
        assertThat(a.authorize("alice", cert(List.of("ops")), LOCAL)).contains(SessionRestrictions.NONE);
        SessionRestrictions admins = a.authorize("alice", cert(List.of("admins")), LOCAL).orElseThrow();
        assertThat(admins.forcedCommand()).contains("/bin/date");
        assertThat(admins.allowPty()).isFalse();
        assertThat(AuthorizedKeysAuthenticator.expand("%h/p_%u_%%", alice)).isEqualTo(home.resolve("p_alice_%"));
    }

    @Test
    void certAuthorityLinesInAuthorizedKeys() throws Exception {
        Path ak = home.resolve("ak");
        String caText = new PublicKeyLine(ca.publicKey(), "").format();
        Files.writeString(ak, "cert-authority,principals=\"deploy,ops\",no-port-forwarding " + caText + "\n"
                + new PublicKeyLine(otherCa.publicKey(), "").format() + "\n");
        PublicKeyAuthenticator plain = new AuthorizedKeysAuthenticator(List.of(ak.toString()),
                u -> u.equals("alice") ? Optional.of(alice) : Optional.empty(), CLOCK);
        CertificateAuthenticator a = auth(plain, List.of(), null, List.of(ak.toString()), null);
        SessionRestrictions r = a.authorize("alice", cert(List.of("ops")), LOCAL).orElseThrow();
        assertThat(r.allowPortForwarding()).isFalse();
        assertThat(r.allowPty()).isTrue();
        assertThat(a.authorize("alice", cert(List.of("alice")), LOCAL)).as("principals= replaces the user name").isEmpty();
        assertThat(a.authorize("alice", ca.publicKey(), LOCAL)).as("a CA key is not a login key").isEmpty();
        assertThat(a.authorize("alice", otherCa.publicKey(), LOCAL)).as("plain lines still work").isPresent();
        assertThat(a.authorize("alice", cert(otherCa, List.of("alice"), List.of(), List.of()), LOCAL))
                .as("a plain line does not make its key a CA").isEmpty();
    }

    @Test
    void criticalOptionsAndExtensionsBecomeRestrictions() {
        CertificateAuthenticator a = auth(null, List.of(ca.publicKey()), null, List.of(), null);
        SshCertificate c = cert(ca, List.of("alice"), List.of(Option.of("force-command", "/usr/bin/uptime"),
                Option.of("source-address", "127.0.0.0/8,::1")), List.of("permit-pty", "permit-agent-forwarding"));
        SessionRestrictions r = a.authorize("alice", c, LOCAL).orElseThrow();
        assertThat(r.forcedCommand()).contains("/usr/bin/uptime");
        assertThat(r.allowPty()).isTrue();
        assertThat(r.allowAgentForwarding()).isTrue();
        assertThat(r.allowPortForwarding()).isFalse();
        assertThat(r.allowX11()).isFalse();
        assertThat(r.allowUserRc()).isFalse();
        assertThat(a.authorize("alice", c, REMOTE)).as("source-address").isEmpty();
        SshCertificate bad = cert(ca, List.of("alice"), List.of(Option.of("source-address", "not-an-address")), List.of());
        assertThat(a.authorize("alice", bad, LOCAL)).isEmpty();
        SshCertificate unknown = cert(ca, List.of("alice"), List.of(Option.flag("verify-required")), List.of());
        assertThat(a.authorize("alice", unknown, LOCAL)).as("critical options we cannot honour").isEmpty();
    }

    @Test
    void forceCommandMustAgreeWithCommandOption() {
        SshCertificate c = cert(ca, List.of("alice"), List.of(Option.of("force-command", "/bin/a")), List.of());
        SessionRestrictions lineSame = new SessionRestrictions(Optional.of("/bin/a"), true, true, true, true, true,
                List.of(), List.of(), java.util.Map.of(), List.of());
        SessionRestrictions lineOther = new SessionRestrictions(Optional.of("/bin/b"), true, true, true, true, true,
                List.of(), List.of(), java.util.Map.of(), List.of());
        assertThat(CertificateAuthenticator.apply(c, lineSame, LOCAL)).isPresent();
        assertThat(CertificateAuthenticator.apply(c, lineOther, LOCAL)).isEmpty();
    }

    @Test
    void validityAndRevocation() {
        SshCertificate expired = SshCertificate.sign(new byte[32], user.publicKey(), 9, SshCertificate.Kind.USER, "old",
                List.of("alice"), 0, Instant.parse("2029-01-01T00:00:00Z").getEpochSecond(), List.of(), List.of(), ca,
                SignatureAlgorithm.SSH_ED25519);
        CertificateAuthenticator a = auth((u, k, r) -> true, List.of(ca.publicKey()), null, List.of(), null);
        assertThat(a.authorize("alice", expired, LOCAL)).isEmpty();
        Krl krl = new Krl();
        krl.revoke(user.publicKey());
        CertificateAuthenticator revoked = auth((u, k, r) -> true, List.of(ca.publicKey()), null, List.of(), revokedBy(krl));
        assertThat(revoked.authorize("alice", user.publicKey(), LOCAL)).as("plain key revoked").isEmpty();
        assertThat(revoked.authorize("alice", cert(List.of("alice")), LOCAL)).as("certificate of a revoked key").isEmpty();
        assertThat(a.authorize("alice", user.publicKey(), LOCAL)).as("delegate decides plain keys").isPresent();
    }

    private static RevokedKeys revokedBy(Krl krl) {
        try {
            Path f = Files.createTempFile(home, "krl", "");
            Files.write(f, krl.encode());
            return RevokedKeys.read(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

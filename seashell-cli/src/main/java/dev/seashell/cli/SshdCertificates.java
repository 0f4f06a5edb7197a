package dev.seashell.cli;

import dev.seashell.auth.CertificateAuthenticator;
import dev.seashell.auth.PublicKeyAuthenticator;
import dev.seashell.auth.UserAccount;
import dev.seashell.config.SshdConfig;
import dev.seashell.keys.CertifiedKeyPair;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/** sshd_config's certificate keywords: HostCertificate, TrustedUserCAKeys, AuthorizedPrincipalsFile, RevokedKeys. */
final class SshdCertificates {
    private SshdCertificates() {}

    /** The host keys plus, for each HostCertificate that certifies one of them, that key with its certificate. */
    static List<SshKeyPair> withHostCertificates(List<SshKeyPair> keys, List<String> certFiles, Consumer<String> log) {
        List<SshKeyPair> out = new ArrayList<>(keys);
        for (String f : certFiles) {
            try {
                SshPublicKey k = PublicKeyLine.parse(Files.readString(Path.of(f), StandardCharsets.UTF_8)).key();
                if (!(k instanceof SshCertificate c) || c.kind() != SshCertificate.Kind.HOST) {
                    log.accept("Could not load host certificate \"" + f + "\": not a host certificate");
                    continue;
                }
                Optional<SshKeyPair> key = keys.stream().filter(h -> h.publicKey().equals(c.key())).findFirst();
                if (key.isEmpty()) {
                    log.accept("No matching private key for certificate: " + f);
                    continue;
                }
                out.add(new CertifiedKeyPair(key.get(), c));
            } catch (IOException | RuntimeException e) {
                log.accept("Could not load host certificate \"" + f + "\": " + e.getMessage());
            }
        }
        return out;
    }

    /** Wraps the authorized_keys authenticator with certificate and revocation checks. */
    static PublicKeyAuthenticator publicKeys(SshdConfig c, PublicKeyAuthenticator plain,
                                             Function<String, Optional<UserAccount>> accounts) throws IOException {
        List<SshPublicKey> cas = new ArrayList<>();
        if (c.trustedUserCaKeys().isPresent()) {
            for (String line : Files.readAllLines(Path.of(c.trustedUserCaKeys().get()), StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                cas.add(PublicKeyLine.parse(l).key());
            }
        }
        RevokedKeys revoked = c.revokedKeys().isPresent() ? RevokedKeys.read(Path.of(c.revokedKeys().get())) : null;
        return new CertificateAuthenticator(new CertificateAuthenticator.Settings(plain, cas,
                c.authorizedPrincipalsFile().orElse(null), c.authorizedKeysFiles(), accounts, revoked, null));
    }
}

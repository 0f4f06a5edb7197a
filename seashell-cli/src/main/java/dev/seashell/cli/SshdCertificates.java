package dev.seashell.cli;

import dev.seashell.auth.AuthCommand;
import dev.seashell.auth.CertificateAuthenticator;
import dev.seashell.auth.PublicKeyAuthenticator;
import dev.seashell.auth.UserAccount;
import dev.seashell.config.ConfigException;
import dev.seashell.config.ConfigLine;
import dev.seashell.config.SshdConfig;
import dev.seashell.keys.CertifiedKeyPair;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd_config's certificate and key-lookup keywords: HostCertificate, TrustedUserCAKeys,
 * AuthorizedPrincipalsFile/Command, AuthorizedKeysCommand, RevokedKeys, CASignatureAlgorithms.
 */
final class SshdCertificates {
    private static final Logger log = LoggerFactory.getLogger(SshdCertificates.class);
    /** How long an Authorized*Command may take before the login is refused. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);

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

    /**
     * Wraps the authorized_keys authenticator with certificate and revocation checks. TrustedUserCAKeys,
     * RevokedKeys and AuthorizedPrincipalsFile are read at each authentication, as sshd does.
     *
     * @param local the server's end of the connection (%C), or null before one is known
     */
    static PublicKeyAuthenticator publicKeys(SshdConfig c, PublicKeyAuthenticator plain,
                                             Function<String, Optional<UserAccount>> accounts, InetSocketAddress local) {
        RevokedKeys revoked = c.revokedKeys().map(f -> RevokedKeys.file(Path.of(f))).orElse(null);
        return new CertificateAuthenticator(new CertificateAuthenticator.Settings(plain, List.of(),
                c.authorizedPrincipalsFile().orElse(null), c.authorizedKeysFiles(), accounts, revoked, null,
                c.trustedUserCaKeys().map(Path::of).orElse(null),
                command("AuthorizedPrincipalsCommand", c.authorizedPrincipalsCommand(), c.authorizedPrincipalsCommandUser()),
                command("AuthorizedKeysCommand", c.authorizedKeysCommand(), c.authorizedKeysCommandUser()),
                c.caSignatureAlgorithms(), local));
    }

    /** sshd refuses to start with a *Command but no *CommandUser; OpenSSH's wording. */
    static Optional<String> startupProblem(SshdConfig c) {
        if (c.authorizedKeysCommand().isPresent() && c.authorizedKeysCommandUser().isEmpty()) {
            return Optional.of("AuthorizedKeysCommand set without AuthorizedKeysCommandUser");
        }
        if (c.authorizedPrincipalsCommand().isPresent() && c.authorizedPrincipalsCommandUser().isEmpty()) {
            return Optional.of("AuthorizedPrincipalsCommand set without AuthorizedPrincipalsCommandUser");
        }
        return Optional.empty();
    }

    /**
     * The command run as its user: as root through setpriv; otherwise only as this server's own
     * account (a non-root process cannot switch), so another user name leaves the command out.
     */
    private static AuthCommand command(String keyword, Optional<String> line, Optional<String> userName) {
        if (line.isEmpty() || userName.isEmpty()) return null;
        List<String> argv;
        try {
            argv = ConfigLine.parse(keyword, 0, keyword + " " + line.get()).args();
        } catch (ConfigException e) {
            return null;
        }
        UserAccount me = UserAccount.current();
        Optional<UserAccount> runAs = userName.get().equals(me.name()) ? Optional.of(me) : UserAccount.lookup(userName.get());
        if (runAs.isEmpty()) {
            log.error("{}User \"{}\" not found", keyword, userName.get());
            return null;
        }
        List<String> launcher = List.of();
        if (runAs.get().uid() != me.uid()) {
            if (me.uid() != 0) {
                log.error("{}: cannot run as {} without root; not run", keyword, userName.get());
                return null;
            }
            launcher = List.of("/usr/bin/setpriv", "--reuid=" + runAs.get().uid(), "--regid=" + runAs.get().gid(),
                    "--init-groups", "--");
        }
        return new AuthCommand(keyword, argv, runAs.get(), launcher, COMMAND_TIMEOUT);
    }
}

package dev.seashell.auth;

import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * publickey authorisation with OpenSSH certificates around a plain-key authenticator: RevokedKeys
 * first (for every key), then plain keys go to the delegate, and user certificates are accepted when
 * signed by a TrustedUserCAKeys CA (principals from AuthorizedPrincipalsFile, else the user name) or
 * by a {@code cert-authority} key in the user's authorized_keys (principals from its
 * {@code principals=} option, else the user name).
 *
 * <p>This is the one place a certificate's contents become a login decision: invalid signatures,
 * validity windows and unknown critical options are refused and logged, {@code source-address} is
 * checked against the client, and {@code force-command} and the {@code permit-*} extensions are
 * folded into the {@link SessionRestrictions} the session layer already enforces.
 */
public final class CertificateAuthenticator implements PublicKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(CertificateAuthenticator.class);
    private static final int MAX_PRINCIPALS_FILE = 1 << 20;

    /**
     * @param plain               plain keys (e.g. {@link AuthorizedKeysAuthenticator}); null refuses them
     * @param trustedUserCas      TrustedUserCAKeys
     * @param principalsFile      AuthorizedPrincipalsFile pattern (%h, %u, %%; relative to home), or null
     * @param authorizedKeysFiles AuthorizedKeysFile patterns searched for {@code cert-authority} lines
     * @param accounts            user lookup for the file patterns
     * @param revoked             RevokedKeys
     */
    public record Settings(PublicKeyAuthenticator plain, List<SshPublicKey> trustedUserCas, String principalsFile,
                           List<String> authorizedKeysFiles, Function<String, Optional<UserAccount>> accounts,
                           RevokedKeys revoked, Clock clock) {
        public Settings {
            trustedUserCas = List.copyOf(trustedUserCas);
            authorizedKeysFiles = List.copyOf(authorizedKeysFiles);
            if (revoked == null) revoked = RevokedKeys.none();
            if (clock == null) clock = Clock.systemUTC();
        }
    }

    private final Settings s;

    public CertificateAuthenticator(Settings settings) {
        this.s = settings;
    }

    @Override
    public boolean isAuthorized(String user, SshPublicKey key, InetSocketAddress remote) {
        return authorize(user, key, remote).isPresent();
    }

    @Override
    public Optional<SessionRestrictions> authorize(String user, SshPublicKey key, InetSocketAddress remote) {
        if (s.revoked().isRevoked(key)) {
            log.info("Authentication key {} revoked by RevokedKeys file", ServerUserAuth.keyLabel(key));
            return Optional.empty();
        }
        if (!(key instanceof SshCertificate cert)) {
            return s.plain() == null ? Optional.empty() : s.plain().authorize(user, key, remote);
        }
        if (cert.kind() != SshCertificate.Kind.USER) {
            log.info("refusing certificate ID \"{}\": not a user certificate", cert.keyId());
            return Optional.empty();
        }
        Optional<String> problem = cert.problem(s.clock().instant());
        if (problem.isPresent()) {
            log.info("{} (certificate ID \"{}\" serial {})", problem.get(), cert.keyId(), cert.serial());
            return Optional.empty();
        }
        Optional<SessionRestrictions> base = s.trustedUserCas().contains(cert.signatureKey())
                ? trustedCa(user, cert, remote)
                : authorizedKeysCa(user, cert, remote);
        return base.flatMap(b -> apply(cert, b, remote));
    }

    /** TrustedUserCAKeys: a principal listed for the user (file), or the user name itself. */
    private Optional<SessionRestrictions> trustedCa(String user, SshCertificate cert, InetSocketAddress remote) {
        if (s.principalsFile() == null) {
            if (cert.hasPrincipal(user)) return Optional.of(SessionRestrictions.NONE);
            log.info("Certificate invalid: name is not a listed principal (user {}, ID \"{}\")", user, cert.keyId());
            return Optional.empty();
        }
        Optional<UserAccount> account = s.accounts() == null ? Optional.empty() : s.accounts().apply(user);
        if (account.isEmpty()) return Optional.empty();
        Path file = AuthorizedKeysAuthenticator.expand(s.principalsFile(), account.get());
        for (PrincipalLine line : principalsLines(file)) {
            if (!cert.hasPrincipal(line.principal())) continue;
            switch (AuthorizedKeyOptions.evaluate(line.options(), remote, s.clock().instant())) {
                case AuthorizedKeyOptions.Decision.Granted g -> {
                    return Optional.of(g.restrictions());
                }
                case AuthorizedKeyOptions.Decision.Refused r -> log.info("{} ({} line {})", r.reason(), file, line.number());
            }
        }
        log.info("Certificate ID \"{}\" has no principal listed in {}", cert.keyId(), file);
        return Optional.empty();
    }

    /** A {@code cert-authority} line naming the CA, whose {@code principals=} (or the user name) the certificate lists. */
    private Optional<SessionRestrictions> authorizedKeysCa(String user, SshCertificate cert, InetSocketAddress remote) {
        Optional<UserAccount> account = s.accounts() == null ? Optional.empty() : s.accounts().apply(user);
        if (account.isEmpty()) return Optional.empty();
        for (String pattern : s.authorizedKeysFiles()) {
            Path file = AuthorizedKeysAuthenticator.expand(pattern, account.get());
            List<AuthorizedKeys.Entry> entries;
            try {
                entries = AuthorizedKeys.read(file).authorities(cert.signatureKey());
            } catch (IOException e) {
                log.debug("cannot read {}: {}", file, e.getMessage());
                continue;
            }
            for (AuthorizedKeys.Entry e : entries) {
                switch (AuthorizedKeyOptions.evaluate(e.options(), remote, s.clock().instant())) {
                    case AuthorizedKeyOptions.Decision.Granted g -> {
                        List<String> wanted = g.restrictions().principals().isEmpty() ? List.of(user) : g.restrictions().principals();
                        if (wanted.stream().anyMatch(cert::hasPrincipal)) return Optional.of(g.restrictions());
                        log.info("Certificate ID \"{}\" lists no principal allowed by {} line {}", cert.keyId(), file, e.line());
                    }
                    case AuthorizedKeyOptions.Decision.Refused r -> log.info("{} ({} line {})", r.reason(), file, e.line());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The certificate's own restrictions on top of the line's: source-address refuses a login from
     * elsewhere, force-command must agree with a command= option, and each permit-* extension that is
     * absent turns the matching permission off.
     */
    static Optional<SessionRestrictions> apply(SshCertificate cert, SessionRestrictions line, InetSocketAddress remote) {
        Optional<String> source = cert.criticalOption("source-address");
        if (source.isPresent() && !AuthorizedKeyOptions.fromAllowed(source.get(), remote)) {
            log.info("Authentication tried with valid certificate ID \"{}\" but not from a permitted source address ({})",
                    cert.keyId(), remote == null ? "unknown" : remote.getAddress().getHostAddress());
            return Optional.empty();
        }
        Optional<String> command = line.forcedCommand();
        Optional<String> forced = cert.criticalOption("force-command");
        if (forced.isPresent()) {
            if (command.isPresent() && !command.get().equals(forced.get())) {
                log.info("Certificate ID \"{}\": force-command and command option differ", cert.keyId());
                return Optional.empty();
            }
            command = forced;
        }
        return Optional.of(new SessionRestrictions(command,
                line.allowPty() && cert.hasExtension("permit-pty"),
                line.allowPortForwarding() && cert.hasExtension("permit-port-forwarding"),
                line.allowAgentForwarding() && cert.hasExtension("permit-agent-forwarding"),
                line.allowX11() && cert.hasExtension("permit-X11-forwarding"),
                line.allowUserRc() && cert.hasExtension("permit-user-rc"),
                line.permitOpen(), line.permitListen(), line.environment(), line.principals()));
    }

    record PrincipalLine(List<String> options, String principal, int number) {}

    /** AuthorizedPrincipalsFile: one principal a line, optionally after authorized_keys-style options. */
    static List<PrincipalLine> principalsLines(Path file) {
        List<PrincipalLine> out = new ArrayList<>();
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PRINCIPALS_FILE) return out;
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i).strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                try {
                    int end = AuthorizedKeys.optionsEnd(l);
                    out.add(new PrincipalLine(AuthorizedKeys.splitOptions(l.substring(0, end)), l.substring(end).strip(), i + 1));
                } catch (dev.seashell.wire.SshFormatException noOptions) {
                    out.add(new PrincipalLine(List.of(), l, i + 1));
                }
            }
        } catch (IOException e) {
            log.debug("cannot read {}: {}", file, e.getMessage());
        }
        return out;
    }
}

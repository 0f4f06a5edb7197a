package dev.seashell.auth;

import dev.seashell.config.CaSignatureAlgorithms;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.PublicKeyLine;
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
 * first (for every key; an unreadable file refuses), then plain keys go to the delegate and, failing
 * that, to AuthorizedKeysCommand. User certificates must be signed with a CASignatureAlgorithms
 * algorithm, and are accepted when signed by a TrustedUserCAKeys CA (principals from
 * AuthorizedPrincipalsFile and AuthorizedPrincipalsCommand, else the user name) or by a
 * {@code cert-authority} key in the user's authorized_keys or the AuthorizedKeysCommand output
 * (principals from its {@code principals=} option, else the user name). The files are read at each
 * authentication, as sshd does, so a revocation or a new CA needs no restart.
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
     * @param trustedUserCas      TrustedUserCAKeys given as keys (used when {@code trustedUserCaFile} is null)
     * @param principalsFile      AuthorizedPrincipalsFile pattern (%h, %u, %%; relative to home), or null
     * @param authorizedKeysFiles AuthorizedKeysFile patterns searched for {@code cert-authority} lines
     * @param accounts            user lookup for the file patterns
     * @param revoked             RevokedKeys ({@link RevokedKeys#file} re-reads the file at each check)
     * @param trustedUserCaFile   TrustedUserCAKeys file, read again at each authentication, or null
     * @param principalsCommand   AuthorizedPrincipalsCommand, or null
     * @param keysCommand         AuthorizedKeysCommand, or null
     * @param caSignatureAlgorithms CASignatureAlgorithms: a certificate signed with another algorithm is refused
     * @param local               the server's end of the connection, for %C; null when unknown
     */
    public record Settings(PublicKeyAuthenticator plain, List<SshPublicKey> trustedUserCas, String principalsFile,
                           List<String> authorizedKeysFiles, Function<String, Optional<UserAccount>> accounts,
                           RevokedKeys revoked, Clock clock, Path trustedUserCaFile, AuthCommand principalsCommand,
                           AuthCommand keysCommand, List<String> caSignatureAlgorithms, InetSocketAddress local) {
        public Settings {
            trustedUserCas = List.copyOf(trustedUserCas);
            authorizedKeysFiles = List.copyOf(authorizedKeysFiles);
            caSignatureAlgorithms = List.copyOf(caSignatureAlgorithms == null ? CaSignatureAlgorithms.DEFAULT : caSignatureAlgorithms);
            if (revoked == null) revoked = RevokedKeys.none();
            if (clock == null) clock = Clock.systemUTC();
        }

        /** Fixed CA keys and no commands, OpenSSH's default CASignatureAlgorithms. */
        public Settings(PublicKeyAuthenticator plain, List<SshPublicKey> trustedUserCas, String principalsFile,
                        List<String> authorizedKeysFiles, Function<String, Optional<UserAccount>> accounts,
                        RevokedKeys revoked, Clock clock) {
            this(plain, trustedUserCas, principalsFile, authorizedKeysFiles, accounts, revoked, clock, null, null, null,
                    null, null);
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
        RevokedKeys.Status revocation = s.revoked().status(key);
        String where = s.revoked().source().map(Path::toString).orElse("RevokedKeys");
        if (revocation == RevokedKeys.Status.REVOKED) {
            log.error("Authentication key {} {} revoked by file {}", key.displayType(), Fingerprints.sha256(key), where);
            return Optional.empty();
        }
        if (revocation == RevokedKeys.Status.ERROR) {
            log.error("Error checking authentication key {} {} in revoked keys file {}", key.displayType(),
                    Fingerprints.sha256(key), where);
            return Optional.empty();
        }
        if (!(key instanceof SshCertificate cert)) {
            Optional<SessionRestrictions> viaFiles = s.plain() == null ? Optional.empty() : s.plain().authorize(user, key, remote);
            return viaFiles.isPresent() ? viaFiles : keysCommand(user, key, remote);
        }
        if (!s.caSignatureAlgorithms().contains(cert.signatureAlgorithm())) {
            log.info("userauth_pubkey: certificate signature algorithm {}: signature algorithm not supported "
                    + "(not in CASignatureAlgorithms)", cert.signatureAlgorithm());
            return Optional.empty();
        }
        if (cert.kind() != SshCertificate.Kind.USER) {
            log.info("refusing certificate ID \"{}\": not a user certificate", cert.keyId());
            return Optional.empty();
        }
        Optional<String> problem = cert.problem(s.clock().instant(), s.caSignatureAlgorithms());
        if (problem.isPresent()) {
            log.info("{} (certificate ID \"{}\" serial {})", problem.get(), cert.keyId(), cert.serial());
            return Optional.empty();
        }
        Optional<SessionRestrictions> base = trustedCas().contains(cert.signatureKey())
                ? trustedCa(user, cert, remote) : Optional.empty();
        if (base.isEmpty()) base = authorizedKeysCa(user, cert, remote);
        return base.flatMap(b -> apply(cert, b, remote));
    }

    /** TrustedUserCAKeys as it is now: the file is read at each authentication, as sshd does. */
    private List<SshPublicKey> trustedCas() {
        if (s.trustedUserCaFile() == null) return s.trustedUserCas();
        List<SshPublicKey> cas = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(s.trustedUserCaFile(), StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) continue;
                try {
                    cas.add(PublicKeyLine.parse(l).key());
                } catch (dev.seashell.wire.SshFormatException bad) {
                    log.debug("{}: skipping a line that is not a key", s.trustedUserCaFile());
                }
            }
        } catch (IOException e) {
            log.error("TrustedUserCAKeys {}: {}", s.trustedUserCaFile(), e.getMessage());
            return List.of();
        }
        return cas;
    }

    /** AuthorizedKeysCommand for a plain key, tried after the AuthorizedKeysFile files. */
    private Optional<SessionRestrictions> keysCommand(String user, SshPublicKey key, InetSocketAddress remote) {
        Optional<AuthorizedKeys> out = keysCommandOutput(user, key, remote);
        if (out.isEmpty()) return Optional.empty();
        Optional<AuthorizedKeys.Entry> e = out.get().find(key);
        if (e.isEmpty()) return Optional.empty();
        return switch (AuthorizedKeyOptions.evaluate(e.get().options(), remote, s.clock().instant())) {
            case AuthorizedKeyOptions.Decision.Granted g -> Optional.of(g.restrictions());
            case AuthorizedKeyOptions.Decision.Refused r -> {
                log.info("{} (AuthorizedKeysCommand line {})", r.reason(), e.get().line());
                yield Optional.empty();
            }
        };
    }

    private Optional<AuthorizedKeys> keysCommandOutput(String user, SshPublicKey key, InetSocketAddress remote) {
        if (s.keysCommand() == null) return Optional.empty();
        Optional<UserAccount> account = s.accounts() == null ? Optional.empty() : s.accounts().apply(user);
        if (account.isEmpty()) return Optional.empty();
        return s.keysCommand().run(AuthTokens.forKey(account.get(), key, remote, s.local())).map(AuthorizedKeys::parse);
    }

    /**
     * TrustedUserCAKeys: a principal listed for the user by AuthorizedPrincipalsFile, then by
     * AuthorizedPrincipalsCommand; with neither configured, the user name itself.
     */
    private Optional<SessionRestrictions> trustedCa(String user, SshCertificate cert, InetSocketAddress remote) {
        if (s.principalsFile() == null && s.principalsCommand() == null) {
            if (cert.hasPrincipal(user)) return Optional.of(SessionRestrictions.NONE);
            log.info("Certificate invalid: name is not a listed principal (user {}, ID \"{}\")", user, cert.keyId());
            return Optional.empty();
        }
        Optional<UserAccount> account = s.accounts() == null ? Optional.empty() : s.accounts().apply(user);
        if (account.isEmpty()) return Optional.empty();
        if (s.principalsFile() != null) {
            Path file = AuthorizedKeysAuthenticator.expand(s.principalsFile(), account.get());
            Optional<SessionRestrictions> r = matchPrincipals(cert, principalsLines(file), file.toString(), remote);
            if (r.isPresent()) return r;
        }
        if (s.principalsCommand() != null) {
            Optional<String> out = s.principalsCommand().run(AuthTokens.forKey(account.get(), cert, remote, s.local()));
            if (out.isPresent()) {
                Optional<SessionRestrictions> r = matchPrincipals(cert, principalsLines(out.get()), "AuthorizedPrincipalsCommand", remote);
                if (r.isPresent()) return r;
            }
        }
        log.info("Certificate ID \"{}\" does not contain an authorized principal", cert.keyId());
        return Optional.empty();
    }

    private Optional<SessionRestrictions> matchPrincipals(SshCertificate cert, List<PrincipalLine> lines, String source,
                                                          InetSocketAddress remote) {
        for (PrincipalLine line : lines) {
            if (!cert.hasPrincipal(line.principal())) continue;
            switch (AuthorizedKeyOptions.evaluate(line.options(), remote, s.clock().instant())) {
                case AuthorizedKeyOptions.Decision.Granted g -> {
                    return Optional.of(g.restrictions());
                }
                case AuthorizedKeyOptions.Decision.Refused r -> log.info("{} ({} line {})", r.reason(), source, line.number());
            }
        }
        return Optional.empty();
    }

    /** A {@code cert-authority} line naming the CA, whose {@code principals=} (or the user name) the certificate lists. */
    private Optional<SessionRestrictions> authorizedKeysCa(String user, SshCertificate cert, InetSocketAddress remote) {
        Optional<UserAccount> account = s.accounts() == null ? Optional.empty() : s.accounts().apply(user);
        if (account.isEmpty()) return Optional.empty();
        for (String pattern : s.authorizedKeysFiles()) {
            Path file = AuthorizedKeysAuthenticator.expand(pattern, account.get());
            try {
                Optional<SessionRestrictions> r = matchAuthority(user, cert, AuthorizedKeys.read(file), file.toString(), remote);
                if (r.isPresent()) return r;
            } catch (IOException e) {
                log.debug("cannot read {}: {}", file, e.getMessage());
            }
        }
        // AuthorizedKeysCommand comes after the files, as in sshd.
        Optional<AuthorizedKeys> fromCommand = keysCommandOutput(user, cert, remote);
        if (fromCommand.isPresent()) return matchAuthority(user, cert, fromCommand.get(), "AuthorizedKeysCommand", remote);
        return Optional.empty();
    }

    /** The first {@code cert-authority} entry for the certificate's CA whose options and principals let it in. */
    private Optional<SessionRestrictions> matchAuthority(String user, SshCertificate cert, AuthorizedKeys keys, String source,
                                                         InetSocketAddress remote) {
        for (AuthorizedKeys.Entry e : keys.authorities(cert.signatureKey())) {
            switch (AuthorizedKeyOptions.evaluate(e.options(), remote, s.clock().instant())) {
                case AuthorizedKeyOptions.Decision.Granted g -> {
                    List<String> wanted = g.restrictions().principals().isEmpty() ? List.of(user) : g.restrictions().principals();
                    if (wanted.stream().anyMatch(cert::hasPrincipal)) return Optional.of(g.restrictions());
                    log.info("Certificate ID \"{}\" lists no principal allowed by {} line {}", cert.keyId(), source, e.line());
                }
                case AuthorizedKeyOptions.Decision.Refused r -> log.info("{} ({} line {})", r.reason(), source, e.line());
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
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PRINCIPALS_FILE) return List.of();
            return principalsLines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.debug("cannot read {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    /** The same format as command output (AuthorizedPrincipalsCommand). */
    static List<PrincipalLine> principalsLines(String text) {
        List<PrincipalLine> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
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
        return out;
    }
}

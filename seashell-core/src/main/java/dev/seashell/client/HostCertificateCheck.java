package dev.seashell.client;

import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a server's host certificate is trusted through a known_hosts {@code @cert-authority} line, as
 * ssh(1) decides it (sshconnect.c {@code check_host_key} and {@code check_host_cert}); one decision shared by
 * {@link KnownHostsVerifier} and the command-line {@code ssh}.
 *
 * <p>A certificate is trusted when a {@code @cert-authority} line whose host patterns match the host names
 * its CA, neither the CA nor the certified key is {@code @revoked}, and it is a host certificate, validly
 * signed, valid now, without unknown critical options, listing the host name among its principals (an
 * empty list means any host, as PROTOCOL.certkeys says and OpenSSH 9.2 accepts; principals are compared
 * exactly, not as patterns) and signed with an algorithm CASignatureAlgorithms allows.
 */
public final class HostCertificateCheck {
    private HostCertificateCheck() {}

    /** The outcome for one certificate. */
    public sealed interface Verdict permits Trusted, Revoked, Invalid, NoAuthority {}

    /**
     * A {@code @cert-authority} line vouches for the certificate.
     *
     * @param authority the line that names the CA
     */
    public record Trusted(KnownHosts.Entry authority) implements Verdict {}

    /** The certified key or its CA is marked {@code @revoked}: refuse outright, with no fallback. */
    public record Revoked() implements Verdict {}

    /**
     * A {@code @cert-authority} line names the CA but the certificate does not certify this host; ssh prints
     * {@code problem} and then checks the certified key as a plain key.
     *
     * @param authority the line that names the CA
     * @param problem   OpenSSH's message, e.g. {@code Certificate invalid: name is not a listed principal}
     */
    public record Invalid(KnownHosts.Entry authority, String problem) implements Verdict {}

    /** No {@code @cert-authority} line for the host names the CA; ssh checks the certified key as a plain key. */
    public record NoAuthority() implements Verdict {}

    /**
     * Decides on a server's certificate.
     *
     * @param knownHosts   the known_hosts files, read
     * @param host         the name connected to (HostName, or HostKeyAlias); principals are matched against it
     * @param port         the port; other than 22 the {@code @cert-authority} patterns are matched against {@code [host]:port}
     * @param cert         the certificate the server presented
     * @param now          the time the validity window is checked at
     * @param caAlgorithms CASignatureAlgorithms
     */
    public static Verdict check(KnownHosts knownHosts, String host, int port, SshCertificate cert, Instant now,
                                List<String> caAlgorithms) {
        if (knownHosts.isRevoked(cert.key()) || knownHosts.isRevoked(cert.signatureKey())) return new Revoked();
        KnownHosts.Entry ca = knownHosts.certAuthority(host, port, cert.signatureKey());
        if (ca == null) return new NoAuthority();
        Optional<String> problem = problem(cert, host, now, caAlgorithms);
        return problem.isPresent() ? new Invalid(ca, problem.get()) : new Trusted(ca);
    }

    /**
     * Why the certificate does not certify {@code hostName}, in OpenSSH's words, or empty if it does. The
     * CA signature, validity and critical options come first, the principal next and the CA's algorithm
     * last, in the order of OpenSSH's {@code sshkey_cert_check_host}.
     */
    public static Optional<String> problem(SshCertificate cert, String hostName, Instant now, List<String> caAlgorithms) {
        if (cert.kind() != SshCertificate.Kind.HOST) return Optional.of("Certificate invalid: not a host certificate");
        Optional<String> problem = cert.problem(now, Set.of(cert.signatureAlgorithm()));
        if (problem.isPresent()) return problem;
        if (!cert.principals().isEmpty() && !cert.hasPrincipal(hostName)) {
            return Optional.of("Certificate invalid: name is not a listed principal");
        }
        if (!caAlgorithms.contains(cert.signatureAlgorithm())) return Optional.of("Certificate signed with disallowed algorithm");
        return Optional.empty();
    }
}

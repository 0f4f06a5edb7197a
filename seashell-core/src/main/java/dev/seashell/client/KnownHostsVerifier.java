package dev.seashell.client;

import dev.seashell.config.CaSignatureAlgorithms;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Accepts a server's host key only if a known_hosts file lists it for the host and port, as
 * OpenSSH's {@code StrictHostKeyChecking yes}: an unknown, changed or revoked key fails the
 * connection before any credential is sent.
 *
 * <p>A host certificate is accepted when a {@code @cert-authority} line for the host names its CA and the
 * certificate is valid for the host ({@link HostCertificateCheck}); an invalid one fails with a
 * {@link HostCertificateException} unless its key is listed as a plain key, which is then checked as ssh
 * does. A revoked CA or key always fails.
 *
 * @param files        known_hosts files, read on every check (missing ones count as empty)
 * @param host         the name the client connects to, as known_hosts lists it (and host certificates name it)
 * @param port         the port; other than 22 it is looked up as {@code [host]:port}
 * @param caAlgorithms CASignatureAlgorithms: the signature algorithms a host certificate's CA may have used
 */
public record KnownHostsVerifier(List<Path> files, String host, int port, List<String> caAlgorithms) implements HostKeyVerifier {
    /** Checks against {@code files} for {@code host} on {@code port}. */
    public KnownHostsVerifier {
        files = List.copyOf(files);
        caAlgorithms = List.copyOf(caAlgorithms);
    }

    /** Checks against {@code files} for {@code host} on {@code port}, with OpenSSH's default CASignatureAlgorithms. */
    public KnownHostsVerifier(List<Path> files, String host, int port) {
        this(files, host, port, CaSignatureAlgorithms.DEFAULT);
    }

    /** The user's own {@code ~/.ssh/known_hosts}. */
    public static Path userFile() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    @Override
    public void verify(SshPublicKey key) throws IOException {
        KnownHosts known = KnownHosts.read(files);
        if (!(key instanceof SshCertificate cert)) {
            verifyPlain(known, key);
            return;
        }
        String name = KnownHosts.hostName(host, port);
        switch (HostCertificateCheck.check(known, host, port, cert, Instant.now(), caAlgorithms)) {
            case HostCertificateCheck.Trusted t -> { }
            case HostCertificateCheck.Revoked r -> {
                String reason = "The " + cert.displayType() + " host key for " + name + " is marked as revoked.";
                throw new HostCertificateException(reason + " (" + cert.keyType() + " " + Fingerprints.sha256(cert.key())
                        + ", CA " + cert.signatureKey().keyType() + " " + Fingerprints.sha256(cert.signatureKey()) + ")",
                        host, port, reason, true);
            }
            case HostCertificateCheck.Invalid i -> {
                // ssh retries with the certified key as a plain key; refuse with the certificate's problem if that is unknown too
                if (known.check(host, port, cert.key()).status() == KnownHosts.Status.UNKNOWN) {
                    throw new HostCertificateException(i.problem() + ": host certificate for " + name + " refused ("
                            + cert.keyType() + " " + Fingerprints.sha256(cert.key()) + ", CA " + cert.signatureKey().keyType()
                            + " " + Fingerprints.sha256(cert.signatureKey()) + " trusted by " + i.authority().file() + ":"
                            + i.authority().line() + ") and its key is not in " + files, host, port, i.problem(), false);
                }
                verifyPlain(known, cert.key());
            }
            case HostCertificateCheck.NoAuthority n -> verifyPlain(known, cert.key());
        }
    }

    private void verifyPlain(KnownHosts known, SshPublicKey key) throws IOException {
        KnownHosts.Lookup found = known.check(host, port, key);
        String name = KnownHosts.hostName(host, port);
        switch (found.status()) {
            case KNOWN -> { }
            case UNKNOWN -> throw new IOException("Host key for " + name + " is not in " + files
                    + " (" + key.keyType() + " " + Fingerprints.sha256(key) + ")");
            case CHANGED -> throw new HostKeyMismatchException("Host key for " + name + " has changed: "
                    + key.keyType() + " " + Fingerprints.sha256(key) + " does not match "
                    + found.entry().file() + ":" + found.entry().line(), host, port, key.keyType(),
                    List.of(Fingerprints.sha256(found.entry().key())), Fingerprints.sha256(key));
            case REVOKED -> throw new IOException("Host key for " + name + " is revoked ("
                    + found.entry().file() + ":" + found.entry().line() + ")");
        }
    }
}

package dev.seashell.client;

import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * StrictHostKeyChecking accept-new (and, in the library, "no"): a host with no key on record has its key
 * appended to the first known_hosts file; a changed or revoked key is refused as by {@link KnownHostsVerifier}.
 * A host certificate a {@code @cert-authority} line vouches for is accepted; any other is taken as its plain
 * key, as ssh does, and that key is what gets recorded.
 */
record AcceptNewHostKeys(KnownHostsVerifier strict, Path addTo, boolean hashed) implements HostKeyVerifier {
    AcceptNewHostKeys {
        if (addTo == null) throw new IllegalArgumentException("StrictHostKeyChecking accept-new needs a UserKnownHostsFile");
    }

    static HostKeyVerifier of(List<Path> files, Path addTo, String host, int port, boolean hashed, List<String> caAlgorithms) {
        return new AcceptNewHostKeys(new KnownHostsVerifier(files, host, port, caAlgorithms), addTo, hashed);
    }

    @Override
    public void verify(SshPublicKey key) throws IOException {
        KnownHosts known = KnownHosts.read(strict.files());
        SshPublicKey plain = key;
        if (key instanceof SshCertificate cert) {
            var verdict = HostCertificateCheck.check(known, strict.host(), strict.port(), cert, Instant.now(), strict.caAlgorithms());
            if (verdict instanceof HostCertificateCheck.Trusted) return;
            if (verdict instanceof HostCertificateCheck.Revoked) {
                strict.verify(key); // throws the revocation
                return;
            }
            plain = cert.key();
        }
        if (known.check(strict.host(), strict.port(), plain).status() == KnownHosts.Status.UNKNOWN) {
            KnownHosts.add(addTo, strict.host(), strict.port(), plain, hashed);
            return;
        }
        strict.verify(key);
    }
}

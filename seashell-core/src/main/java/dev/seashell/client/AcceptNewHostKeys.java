package dev.seashell.client;

import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * StrictHostKeyChecking accept-new (and, in the library, "no"): a host with no key on record has its key
 * appended to the first known_hosts file; a changed or revoked key is refused as by {@link KnownHostsVerifier}.
 */
record AcceptNewHostKeys(KnownHostsVerifier strict, Path addTo, boolean hashed) implements HostKeyVerifier {
    AcceptNewHostKeys {
        if (addTo == null) throw new IllegalArgumentException("StrictHostKeyChecking accept-new needs a UserKnownHostsFile");
    }

    static HostKeyVerifier of(List<Path> files, Path addTo, String host, int port, boolean hashed) {
        return new AcceptNewHostKeys(new KnownHostsVerifier(files, host, port), addTo, hashed);
    }

    @Override
    public void verify(SshPublicKey key) throws IOException {
        if (KnownHosts.read(strict.files()).check(strict.host(), strict.port(), key).status() == KnownHosts.Status.UNKNOWN) {
            KnownHosts.add(addTo, strict.host(), strict.port(), key, hashed);
            return;
        }
        strict.verify(key);
    }
}

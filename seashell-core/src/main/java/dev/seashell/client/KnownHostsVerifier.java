package dev.seashell.client;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Accepts a server's host key only if a known_hosts file lists it for the host and port, as
 * OpenSSH's {@code StrictHostKeyChecking yes}: an unknown, changed or revoked key fails the
 * connection before any credential is sent.
 *
 * @param files known_hosts files, read on every check (missing ones count as empty)
 * @param host  the name the client connects to, as known_hosts lists it
 * @param port  the port; other than 22 it is looked up as {@code [host]:port}
 */
public record KnownHostsVerifier(List<Path> files, String host, int port) implements HostKeyVerifier {
    /** Checks against {@code files} for {@code host} on {@code port}. */
    public KnownHostsVerifier {
        files = List.copyOf(files);
    }

    /** The user's own {@code ~/.ssh/known_hosts}. */
    public static Path userFile() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    @Override
    public void verify(SshPublicKey key) throws IOException {
        KnownHosts.Lookup found = KnownHosts.read(files).check(host, port, key);
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

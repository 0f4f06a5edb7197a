package dev.seashell.auth;

import dev.seashell.keys.SshPublicKey;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Server side: whether a public key may log in as a user. Called for the query and again after the
 * signature checks, always with the key that was (or is about to be) verified.
 */
@FunctionalInterface
public interface PublicKeyAuthenticator {
    boolean isAuthorized(String user, SshPublicKey key, InetSocketAddress remote);

    /**
     * The restrictions this key logs in with, or empty if it may not log in. Implementations that
     * read options (authorized_keys) override this; the default grants an unrestricted session.
     */
    default Optional<SessionRestrictions> authorize(String user, SshPublicKey key, InetSocketAddress remote) {
        return isAuthorized(user, key, remote) ? Optional.of(SessionRestrictions.NONE) : Optional.empty();
    }
}

package dev.seashell.auth;

import dev.seashell.keys.SshPublicKey;
import java.net.InetSocketAddress;

/** Server side: whether a public key may log in as a user. Called for the query and again after the signature checks. */
@FunctionalInterface
public interface PublicKeyAuthenticator {
    boolean isAuthorized(String user, SshPublicKey key, InetSocketAddress remote);
}

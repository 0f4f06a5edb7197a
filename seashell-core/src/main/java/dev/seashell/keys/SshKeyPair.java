package dev.seashell.keys;

import java.security.PrivateKey;

/** A private key with its public half and the comment it was stored with. */
public interface SshKeyPair {
    SshPublicKey publicKey();

    PrivateKey privateKey();

    String comment();

    /** Signs data and returns the SSH signature blob (string algorithm name, string signature). */
    byte[] sign(SignatureAlgorithm algorithm, byte[] data);
}

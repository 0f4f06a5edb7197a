package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import java.security.PublicKey;

/**
 * A public key as SSH knows it: a key type and its wire blob (RFC 4253 §6.6, RFC 5656, RFC 8709).
 * TODO(keys): make this sealed over the concrete key types.
 */
public interface SshPublicKey {
    /** "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", … */
    String keyType();

    /** The public key blob as sent on the wire. */
    byte[] blob();

    PublicKey jcaKey();

    /**
     * Checks an SSH signature blob (string algorithm, string signature) over data. Returns false
     * (never throws) on a bad, malformed or mismatched signature, or when the blob's algorithm is not
     * {@code expected} or does not belong to this key type.
     */
    boolean verify(SignatureAlgorithm expected, byte[] data, byte[] signatureBlob);

    /** Decodes a public key blob; bounded, and rejects unknown types and RSA moduli over 16384 bits. */
    static SshPublicKey decode(byte[] blob) throws SshFormatException {
        throw new UnsupportedOperationException("TODO");
    }
}

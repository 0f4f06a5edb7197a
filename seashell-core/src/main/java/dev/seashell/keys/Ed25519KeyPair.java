package dev.seashell.keys;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** An Ed25519 key pair; the private key's seed must produce the public key. */
public record Ed25519KeyPair(Ed25519PublicKey publicKey, EdECPrivateKey privateKey, String comment) implements SshKeyPair {
    public Ed25519KeyPair {
        comment = comment == null ? "" : comment;
        if (!Arrays.equals(publicFromSeed(seed(privateKey)), publicKey.raw())) {
            throw new IllegalArgumentException("Ed25519 private key does not match its public key");
        }
    }

    /** From the 32-byte RFC 8032 private key (seed). */
    public static Ed25519KeyPair fromSeed(byte[] seed, String comment) {
        if (seed.length != 32) throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        try {
            EdECPrivateKey priv = (EdECPrivateKey) KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
            return new Ed25519KeyPair(Ed25519PublicKey.fromRaw(publicFromSeed(seed)), priv, comment);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("invalid Ed25519 seed", e);
        }
    }

    /** The 32-byte seed (a fresh copy; clear it after use). */
    public byte[] seed() {
        return seed(privateKey);
    }

    private static byte[] seed(EdECPrivateKey key) {
        return key.getBytes().orElseThrow(() -> new IllegalArgumentException("Ed25519 private key bytes unavailable"));
    }

    static byte[] publicFromSeed(byte[] seed) {
        return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
    }

    public Ed25519KeyPair withComment(String newComment) {
        return new Ed25519KeyPair(publicKey, privateKey, newComment);
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        if (algorithm != SignatureAlgorithm.SSH_ED25519) throw new IllegalArgumentException(algorithm + " cannot sign with an Ed25519 key");
        return new SignatureBlob(algorithm.wireName, Jca.sign("Ed25519", privateKey, data)).encode();
    }

    @Override
    public String toString() {
        return "Ed25519KeyPair[" + publicKey + ", " + comment + "]";
    }
}

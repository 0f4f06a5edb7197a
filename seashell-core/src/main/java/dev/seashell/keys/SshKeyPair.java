package dev.seashell.keys;

import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

/**
 * A private key with its public half and the comment it was stored with. Implementations here:
 * {@link Ed25519KeyPair}, {@link EcdsaKeyPair}, {@link RsaKeyPair}.
 */
public interface SshKeyPair {
    SshPublicKey publicKey();

    PrivateKey privateKey();

    String comment();

    /**
     * Signs data and returns the SSH signature blob (string algorithm name, string signature).
     *
     * @throws IllegalArgumentException if the algorithm does not belong to this key type
     */
    byte[] sign(SignatureAlgorithm algorithm, byte[] data);

    /**
     * Wraps a JCA private key, deriving its public half: Ed25519 (with its seed), EC on a NIST
     * curve, or RSA with CRT factors.
     *
     * @throws IllegalArgumentException for other keys
     */
    static SshKeyPair of(PrivateKey key, String comment) {
        return switch (key) {
            case EdECPrivateKey ed -> Ed25519KeyPair.fromSeed(
                    ed.getBytes().orElseThrow(() -> new IllegalArgumentException("Ed25519 seed unavailable")), comment);
            case ECPrivateKey ec -> {
                EcCurve curve = EcCurve.fromParams(ec.getParams());
                if (curve == null) throw new IllegalArgumentException("unsupported EC curve");
                yield new EcdsaKeyPair(EcdsaPublicKey.of(curve, curve.publicPoint(ec.getS())), ec, comment);
            }
            case RSAPrivateCrtKey rsa -> new RsaKeyPair(RsaPublicKey.of(rsa.getPublicExponent(), rsa.getModulus()), rsa, comment);
            default -> throw new IllegalArgumentException("unsupported private key: " + key.getAlgorithm());
        };
    }
}

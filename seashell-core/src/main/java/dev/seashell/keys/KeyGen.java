package dev.seashell.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;

/** Generates key pairs as ssh-keygen -t/-b does, with the same defaults. */
public final class KeyGen {
    public static final int DEFAULT_RSA_BITS = 3072;
    public static final int DEFAULT_ECDSA_BITS = 256;

    private KeyGen() {}

    /** {@link #generate(String, int, String)} with an empty comment. */
    public static SshKeyPair generate(String keyType, int bits) {
        return generate(keyType, bits, "");
    }

    /**
     * Generates a key. keyType is ssh-keygen's -t ("ed25519", "ecdsa", "rsa") or a wire key type
     * ("ssh-ed25519", "ecdsa-sha2-nistp384", "ssh-rsa"); bits 0 means the default (ECDSA 256, RSA
     * 3072) and is ignored for Ed25519.
     *
     * @throws IllegalArgumentException for an unknown type or unsupported size
     */
    public static SshKeyPair generate(String keyType, int bits, String comment) {
        String t = keyType.toLowerCase(Locale.ROOT);
        EcCurve named = EcCurve.fromKeyType(t);
        try {
            if (t.equals("ed25519") || t.equals(Ed25519PublicKey.TYPE)) {
                return SshKeyPair.of(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate(), comment);
            }
            if (t.equals("ecdsa") || named != null) {
                int b = bits == 0 ? (named != null ? named.bits : DEFAULT_ECDSA_BITS) : bits;
                EcCurve curve = EcCurve.fromBits(b);
                if (curve == null || (named != null && named != curve)) {
                    throw new IllegalArgumentException("ECDSA keys are 256, 384 or 521 bits, not " + b);
                }
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve.stdName), new SecureRandom());
                return SshKeyPair.of(g.generateKeyPair().getPrivate(), comment);
            }
            if (t.equals("rsa") || t.equals(RsaPublicKey.TYPE)) {
                int b = bits == 0 ? DEFAULT_RSA_BITS : bits;
                if (b < RsaPublicKey.MIN_BITS || b > RsaPublicKey.MAX_BITS) {
                    throw new IllegalArgumentException("RSA keys are " + RsaPublicKey.MIN_BITS + " to " + RsaPublicKey.MAX_BITS + " bits, not " + b);
                }
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(new RSAKeyGenParameterSpec(b, RSAKeyGenParameterSpec.F4), new SecureRandom());
                return SshKeyPair.of(g.generateKeyPair().getPrivate(), comment);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key generation failed", e);
        }
        throw new IllegalArgumentException("unknown key type: " + keyType);
    }
}

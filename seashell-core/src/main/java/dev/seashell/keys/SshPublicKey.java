package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

/**
 * A public key as SSH knows it: a key type and its wire blob (RFC 4253 §6.6, RFC 5656, RFC 8709).
 * Two keys are equal when their blobs are. An {@link SshCertificate} is one too: its type is the
 * certificate type and it verifies signatures made by the key it certifies.
 */
public sealed interface SshPublicKey permits Ed25519PublicKey, EcdsaPublicKey, RsaPublicKey, SshCertificate {
    /** "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", … */
    String keyType();

    /** The public key blob as sent on the wire (canonical encoding; a fresh copy). */
    byte[] blob();

    PublicKey jcaKey();

    /**
     * Checks an SSH signature blob (string algorithm, string signature) over data. Returns false
     * (never throws) on a bad, malformed or mismatched signature, or when the blob's algorithm is not
     * {@code expected} or does not belong to this key type.
     */
    boolean verify(SignatureAlgorithm expected, byte[] data, byte[] signatureBlob);

    /** Key size as ssh-keygen -l prints it: 256 for Ed25519, the curve size, the RSA modulus bits. */
    int bits();

    /** The type name OpenSSH shows in fingerprint lines: "ED25519", "ECDSA", "RSA". */
    String displayType();

    /** Signature algorithms this key can make, preferred first (RSA: SHA-512, SHA-256, then SHA-1). */
    List<SignatureAlgorithm> signatureAlgorithms();

    /**
     * Decodes a public key or certificate blob; bounded, and rejects unknown types and RSA moduli
     * over 16384 bits.
     */
    static SshPublicKey decode(byte[] blob) throws SshFormatException {
        SshReader r = new SshReader(blob);
        String type = r.readString();
        SshPublicKey key = switch (type) {
            case Ed25519PublicKey.TYPE -> Ed25519PublicKey.read(r);
            case RsaPublicKey.TYPE -> RsaPublicKey.read(r);
            default -> {
                if (SshCertificate.isCertificateType(type)) yield SshCertificate.read(type, r, blob.clone());
                EcCurve curve = EcCurve.fromKeyType(type);
                if (curve == null) throw new SshFormatException("unsupported public key type: " + type);
                yield EcdsaPublicKey.read(curve, r);
            }
        };
        r.expectEnd();
        return key;
    }

    /** Wraps a JCA public key (Ed25519, EC on a NIST curve, or RSA). */
    static SshPublicKey fromJca(PublicKey key) {
        return switch (key) {
            case EdECPublicKey ed -> Ed25519PublicKey.fromJca(ed);
            case ECPublicKey ec -> EcdsaPublicKey.fromJca(ec);
            case RSAPublicKey rsa -> RsaPublicKey.of(rsa.getPublicExponent(), rsa.getModulus());
            default -> throw new IllegalArgumentException("unsupported key algorithm: " + key.getAlgorithm());
        };
    }
}

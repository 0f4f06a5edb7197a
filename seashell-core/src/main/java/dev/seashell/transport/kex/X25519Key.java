package dev.seashell.transport.kex;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.security.spec.XECPrivateKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import dev.seashell.wire.SshProtocolException;

/**
 * An ephemeral X25519 key pair (RFC 7748) with raw 32-byte public values, as curve25519-sha256 and the
 * hybrid methods put them on the wire. The JDK speaks X.509 SubjectPublicKeyInfo, whose DER for X25519
 * is a fixed 12-byte header followed by the raw key.
 */
final class X25519Key {
    static final int LENGTH = 32;
    /** SEQUENCE { SEQUENCE { OID 1.3.101.110 }, BIT STRING (33 bytes, 0 unused bits) }. */
    private static final byte[] SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00
    };
    /** The base point u = 9, used to derive a public key from a fixed scalar. */
    private static final byte[] BASE_POINT = basePoint();

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private X25519Key(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    static X25519Key generate(SecureRandom random) {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("X25519");
            kpg.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = kpg.generateKeyPair();
            return new X25519Key(pair.getPrivate(), rawPublic(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** A key from a fixed 32-byte scalar, for known-answer tests. */
    static X25519Key fromPrivate(byte[] scalar) {
        if (scalar.length != LENGTH) throw new IllegalArgumentException("X25519 scalar must be 32 bytes");
        try {
            PrivateKey priv = KeyFactory.getInstance("XDH")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
            return new X25519Key(priv, rawAgree(priv, BASE_POINT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The raw 32-byte shared secret X with the peer's raw public key. Rejects a wrong length and the
     * all-zero output of a small-order point (RFC 8731 §3).
     */
    byte[] agree(byte[] peerPublic) throws SshProtocolException {
        KexMessages.requireLength(peerPublic, LENGTH, "X25519 public key");
        byte[] secret;
        try {
            secret = rawAgree(privateKey, peerPublic);
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            // The JDK refuses small-order points itself ("Point has small order").
            throw KexMessages.kexFailed("X25519 agreement failed: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
        if (MessageDigest.isEqual(secret, new byte[LENGTH])) {
            throw KexMessages.kexFailed("X25519 shared secret is all zero");
        }
        return secret;
    }

    private static byte[] rawAgree(PrivateKey priv, byte[] peerRaw) throws GeneralSecurityException {
        PublicKey peer = KeyFactory.getInstance("XDH").generatePublic(new X509EncodedKeySpec(spki(peerRaw)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(priv);
        ka.doPhase(peer, true);
        return ka.generateSecret();
    }

    private static byte[] spki(byte[] raw) {
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + LENGTH);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, LENGTH);
        return der;
    }

    private static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != SPKI_PREFIX.length + LENGTH
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalStateException("unexpected X25519 public key encoding");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    private static byte[] basePoint() {
        byte[] u = new byte[LENGTH];
        u[0] = 9; // little-endian u-coordinate
        return u;
    }
}

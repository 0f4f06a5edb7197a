package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;
import javax.crypto.SecretKey;

/**
 * ML-KEM-768 (FIPS 203) through the JDK's {@code javax.crypto.KEM}. The wire carries the raw
 * 1184-byte encapsulation key; the JDK's X.509 form is that key behind a fixed 22-byte DER header.
 */
record MlKem768Kem(SecureRandom random) implements PqKem {
    static final int PUBLIC_KEY_LENGTH = 1184;
    static final int CIPHERTEXT_LENGTH = 1088;
    static final int SECRET_LENGTH = 32;
    /**
     * SEQUENCE (1202) { SEQUENCE (11) { OID 2.16.840.1.101.3.4.4.2 }, BIT STRING (1185, 0 unused bits) }.
     */
    static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("308204b2300b0609608648016503040402038204a100");

    @Override
    public int publicKeyLength() {
        return PUBLIC_KEY_LENGTH;
    }

    @Override
    public int ciphertextLength() {
        return CIPHERTEXT_LENGTH;
    }

    @Override
    public KeyPair generate() {
        java.security.KeyPair pair;
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("ML-KEM");
            kpg.initialize(NamedParameterSpec.ML_KEM_768, random);
            pair = kpg.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ML-KEM-768 unavailable", e);
        }
        byte[] pk = rawPublic(pair.getPublic());
        return new KeyPair() {
            @Override
            public byte[] publicKey() {
                return pk.clone();
            }

            @Override
            public byte[] decapsulate(byte[] ciphertext) throws SshProtocolException {
                KexMessages.requireLength(ciphertext, CIPHERTEXT_LENGTH, "ML-KEM-768 ciphertext");
                try {
                    return secretBytes(KEM.getInstance("ML-KEM").newDecapsulator(pair.getPrivate()).decapsulate(ciphertext));
                } catch (DecapsulateException e) {
                    throw KexMessages.kexFailed("ML-KEM-768 decapsulation failed");
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("ML-KEM-768 unavailable", e);
                }
            }
        };
    }

    @Override
    public Encapsulation encapsulate(byte[] publicKey) throws SshProtocolException {
        KexMessages.requireLength(publicKey, PUBLIC_KEY_LENGTH, "ML-KEM-768 encapsulation key");
        try {
            byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + PUBLIC_KEY_LENGTH);
            System.arraycopy(publicKey, 0, der, SPKI_PREFIX.length, PUBLIC_KEY_LENGTH);
            PublicKey key = KeyFactory.getInstance("ML-KEM").generatePublic(new X509EncodedKeySpec(der));
            // The JDK's encapsulator performs FIPS 203 §7.2's encapsulation key modulus check.
            KEM.Encapsulated enc = KEM.getInstance("ML-KEM").newEncapsulator(key, random).encapsulate();
            byte[] ct = enc.encapsulation();
            if (ct.length != CIPHERTEXT_LENGTH) throw new IllegalStateException("ML-KEM-768 ciphertext is " + ct.length + " bytes");
            return new Encapsulation(ct, secretBytes(enc.key()));
        } catch (InvalidKeyException | InvalidKeySpecException e) {
            throw KexMessages.kexFailed("ML-KEM-768 encapsulation key rejected: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ML-KEM-768 unavailable", e);
        }
    }

    private static byte[] rawPublic(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != SPKI_PREFIX.length + PUBLIC_KEY_LENGTH
                || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalStateException("unexpected ML-KEM-768 public key encoding");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    private static byte[] secretBytes(SecretKey key) {
        byte[] secret = key.getEncoded();
        if (secret == null || secret.length != SECRET_LENGTH) throw new IllegalStateException("ML-KEM-768 shared secret is not 32 bytes");
        return secret;
    }
}

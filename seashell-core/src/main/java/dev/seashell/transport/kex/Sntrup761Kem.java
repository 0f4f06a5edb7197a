package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyGenerationParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKeyPairGenerator;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePrivateKeyParameters;
import org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimePublicKeyParameters;

/**
 * Streamlined NTRU Prime sntrup761 through BouncyCastle's lightweight API. The sizes are those of
 * OpenSSH's sntrup761.c: public key 1158 bytes, ciphertext 1039, shared secret 32.
 */
record Sntrup761Kem(SecureRandom random) implements PqKem {
    static final int PUBLIC_KEY_LENGTH = 1158;
    static final int CIPHERTEXT_LENGTH = 1039;
    static final int SECRET_LENGTH = 32;
    private static final SNTRUPrimeParameters PARAMS = SNTRUPrimeParameters.sntrup761;

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
        SNTRUPrimeKeyPairGenerator kpg = new SNTRUPrimeKeyPairGenerator();
        kpg.init(new SNTRUPrimeKeyGenerationParameters(random, PARAMS));
        AsymmetricCipherKeyPair pair = kpg.generateKeyPair();
        byte[] pk = ((SNTRUPrimePublicKeyParameters) pair.getPublic()).getEncoded();
        check(pk.length, PUBLIC_KEY_LENGTH, "public key");
        SNTRUPrimeKEMExtractor extractor = new SNTRUPrimeKEMExtractor((SNTRUPrimePrivateKeyParameters) pair.getPrivate());
        return new KeyPair() {
            @Override
            public byte[] publicKey() {
                return pk.clone();
            }

            @Override
            public byte[] decapsulate(byte[] ciphertext) throws SshProtocolException {
                KexMessages.requireLength(ciphertext, CIPHERTEXT_LENGTH, "sntrup761 ciphertext");
                byte[] secret = extractor.extractSecret(ciphertext);
                check(secret.length, SECRET_LENGTH, "shared secret");
                return secret;
            }
        };
    }

    @Override
    public Encapsulation encapsulate(byte[] publicKey) throws SshProtocolException {
        KexMessages.requireLength(publicKey, PUBLIC_KEY_LENGTH, "sntrup761 public key");
        SecretWithEncapsulation s = new SNTRUPrimeKEMGenerator(random)
                .generateEncapsulated(new SNTRUPrimePublicKeyParameters(PARAMS, publicKey));
        byte[] ct = s.getEncapsulation();
        byte[] secret = s.getSecret();
        check(ct.length, CIPHERTEXT_LENGTH, "ciphertext");
        check(secret.length, SECRET_LENGTH, "shared secret");
        return new Encapsulation(ct, secret);
    }

    /** Guards against a BouncyCastle release whose encoding drifts from OpenSSH's. */
    private static void check(int actual, int expected, String what) {
        if (actual != expected) throw new IllegalStateException("BouncyCastle sntrup761 " + what + " is " + actual + " bytes, expected " + expected);
    }
}

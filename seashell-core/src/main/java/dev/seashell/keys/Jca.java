package dev.seashell.keys;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** The JCA calls shared by the key types: verification never throws, signing fails unchecked. */
final class Jca {
    private Jca() {}

    static boolean verify(String algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // malformed signatures and keys are just bad signatures
        }
    }

    static byte[] sign(String algorithm, PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        }
    }
}

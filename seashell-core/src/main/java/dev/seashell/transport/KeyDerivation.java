package dev.seashell.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Derives the session keys from K, H and the session id (RFC 4253 §7.2). */
public final class KeyDerivation {
    private KeyDerivation() {}

    /**
     * HASH(K || H || letter || session_id), extended with HASH(K || H || K1 || … ) until {@code length}.
     *
     * @param encodedK K exactly as it entered the exchange hash (mpint or string, with its length prefix)
     * @param letter 'A'..'F'
     */
    public static byte[] derive(String hashAlgorithm, byte[] encodedK, byte[] h, char letter, byte[] sessionId, int length) {
        MessageDigest md = digest(hashAlgorithm);
        md.update(encodedK);
        md.update(h);
        md.update((byte) letter);
        md.update(sessionId);
        byte[] out = md.digest();
        while (out.length < length) {
            md.update(encodedK);
            md.update(h);
            md.update(out);
            byte[] more = md.digest();
            byte[] joined = Arrays.copyOf(out, out.length + more.length);
            System.arraycopy(more, 0, joined, out.length, more.length);
            out = joined;
        }
        return Arrays.copyOf(out, length);
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

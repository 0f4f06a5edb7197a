package dev.seashell.transport.cipher;

import java.security.GeneralSecurityException;
import java.util.Objects;

/** Creates the {@link PacketCipher} for one direction from negotiated algorithms and derived keys. */
public final class PacketCiphers {
    private PacketCiphers() {}

    /** The cipher used before the first NEWKEYS: no encryption, no MAC, 8-byte blocks, length in the clear. */
    public static PacketCipher none() {
        return NoneCipher.INSTANCE;
    }

    /**
     * @param encrypt true for the sending direction
     * @param mac ignored (may be null) for AEAD ciphers
     * @param key exactly {@code cipher.keyLength} bytes
     * @param iv exactly {@code cipher.ivLength} bytes (empty or null for chacha20-poly1305)
     * @param macKey exactly {@code mac.keyLength} bytes, or null for AEAD ciphers
     * @throws IllegalArgumentException when a key or IV has the wrong length or a non-AEAD cipher lacks a MAC
     */
    public static PacketCipher create(CipherAlgorithm cipher, MacAlgorithm mac, boolean encrypt, byte[] key, byte[] iv, byte[] macKey) {
        Objects.requireNonNull(cipher, "cipher");
        requireLength("key", key, cipher.keyLength);
        if (cipher.ivLength > 0 || iv != null) requireLength("iv", iv, cipher.ivLength);
        if (!cipher.aead) {
            if (mac == null) throw new IllegalArgumentException(cipher.wireName + " needs a MAC");
            requireLength("MAC key", macKey, mac.keyLength);
        }
        try {
            return switch (cipher) {
                case CHACHA20_POLY1305 -> new ChaChaPolyCipher(encrypt, key);
                case AES128_GCM, AES256_GCM -> new AesGcmCipher(encrypt, key, iv);
                case AES128_CTR, AES192_CTR, AES256_CTR -> {
                    CtrStream stream = new CtrStream(key, iv);
                    SeqMac seqMac = new SeqMac(mac, macKey);
                    yield mac.etm ? new CtrEtmCipher(encrypt, stream, seqMac) : new CtrMacCipher(encrypt, stream, seqMac);
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCA lacks " + cipher.wireName, e);
        }
    }

    private static void requireLength(String what, byte[] b, int expected) {
        if (b == null) throw new IllegalArgumentException(what + " missing");
        if (b.length != expected) throw new IllegalArgumentException(what + " must be " + expected + " bytes, got " + b.length);
    }
}

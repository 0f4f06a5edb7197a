package dev.seashell.transport.cipher;

/** Creates the {@link PacketCipher} for one direction from negotiated algorithms and derived keys. */
public final class PacketCiphers {
    private PacketCiphers() {}

    /** The cipher used before the first NEWKEYS: no encryption, no MAC, 8-byte blocks, length in the clear. */
    public static PacketCipher none() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * @param encrypt true for the sending direction
     * @param mac ignored (may be null) for AEAD ciphers
     * @param key exactly {@code cipher.keyLength} bytes
     * @param iv exactly {@code cipher.ivLength} bytes (empty for chacha20-poly1305)
     * @param macKey exactly {@code mac.keyLength} bytes, or null for AEAD ciphers
     */
    public static PacketCipher create(CipherAlgorithm cipher, MacAlgorithm mac, boolean encrypt, byte[] key, byte[] iv, byte[] macKey) {
        throw new UnsupportedOperationException("TODO");
    }
}

package dev.seashell.transport.cipher;

/** Encryption algorithms with their wire names (RFC 4253 §6.3, RFC 4344, RFC 5647, OpenSSH PROTOCOL). */
public enum CipherAlgorithm {
    CHACHA20_POLY1305("chacha20-poly1305@openssh.com", 64, 0, 8, true),
    AES128_GCM("aes128-gcm@openssh.com", 16, 12, 16, true),
    AES256_GCM("aes256-gcm@openssh.com", 32, 12, 16, true),
    AES128_CTR("aes128-ctr", 16, 16, 16, false),
    AES192_CTR("aes192-ctr", 24, 16, 16, false),
    AES256_CTR("aes256-ctr", 32, 16, 16, false);

    public final String wireName;
    public final int keyLength;
    public final int ivLength;
    public final int blockSize;
    /** AEAD ciphers carry their own integrity: the negotiated MAC is ignored. */
    public final boolean aead;

    CipherAlgorithm(String wireName, int keyLength, int ivLength, int blockSize, boolean aead) {
        this.wireName = wireName;
        this.keyLength = keyLength;
        this.ivLength = ivLength;
        this.blockSize = blockSize;
        this.aead = aead;
    }

    public static CipherAlgorithm fromWireName(String name) {
        for (CipherAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

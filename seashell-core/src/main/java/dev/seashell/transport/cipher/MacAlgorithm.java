package dev.seashell.transport.cipher;

/** MAC algorithms with their wire names (RFC 4253 §6.4, RFC 6668, OpenSSH PROTOCOL §1.5). */
public enum MacAlgorithm {
    HMAC_SHA2_256_ETM("hmac-sha2-256-etm@openssh.com", "HmacSHA256", 32, 32, true),
    HMAC_SHA2_512_ETM("hmac-sha2-512-etm@openssh.com", "HmacSHA512", 64, 64, true),
    HMAC_SHA1_ETM("hmac-sha1-etm@openssh.com", "HmacSHA1", 20, 20, true),
    HMAC_SHA2_256("hmac-sha2-256", "HmacSHA256", 32, 32, false),
    HMAC_SHA2_512("hmac-sha2-512", "HmacSHA512", 64, 64, false),
    HMAC_SHA1("hmac-sha1", "HmacSHA1", 20, 20, false);

    public final String wireName;
    public final String jcaName;
    public final int keyLength;
    public final int tagLength;
    /** Encrypt-then-MAC: the length stays in clear and the MAC covers the ciphertext. */
    public final boolean etm;

    MacAlgorithm(String wireName, String jcaName, int keyLength, int tagLength, boolean etm) {
        this.wireName = wireName;
        this.jcaName = jcaName;
        this.keyLength = keyLength;
        this.tagLength = tagLength;
        this.etm = etm;
    }

    public static MacAlgorithm fromWireName(String name) {
        for (MacAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

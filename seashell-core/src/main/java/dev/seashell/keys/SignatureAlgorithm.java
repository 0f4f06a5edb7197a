package dev.seashell.keys;

/** Public key signature algorithms with their wire names and the key type each signs with. */
public enum SignatureAlgorithm {
    SSH_ED25519("ssh-ed25519", "ssh-ed25519"),
    ECDSA_SHA2_NISTP256("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"),
    ECDSA_SHA2_NISTP384("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384"),
    ECDSA_SHA2_NISTP521("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521"),
    RSA_SHA2_512("rsa-sha2-512", "ssh-rsa"),
    RSA_SHA2_256("rsa-sha2-256", "ssh-rsa"),
    SSH_RSA("ssh-rsa", "ssh-rsa");

    public final String wireName;
    /** The key type (as in a public key blob) that makes this signature. */
    public final String keyType;

    SignatureAlgorithm(String wireName, String keyType) {
        this.wireName = wireName;
        this.keyType = keyType;
    }

    /** SHA-1 RSA signatures: accepted only on explicit opt-in. */
    public boolean insecure() {
        return this == SSH_RSA;
    }

    public static SignatureAlgorithm fromWireName(String name) {
        for (SignatureAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

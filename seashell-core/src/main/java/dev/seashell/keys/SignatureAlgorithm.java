package dev.seashell.keys;

/**
 * Public key signature algorithms with their wire names and the key type each signs with. The
 * {@code …-cert-v01@openssh.com} entries (PROTOCOL.certkeys) name the same signatures made with a
 * certified key: the key type is the certificate type, and {@link #plain()} is the algorithm that
 * actually appears inside the signature blob.
 */
public enum SignatureAlgorithm {
    SSH_ED25519("ssh-ed25519", "ssh-ed25519"),
    ECDSA_SHA2_NISTP256("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256"),
    ECDSA_SHA2_NISTP384("ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384"),
    ECDSA_SHA2_NISTP521("ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521"),
    RSA_SHA2_512("rsa-sha2-512", "ssh-rsa"),
    RSA_SHA2_256("rsa-sha2-256", "ssh-rsa"),
    SSH_RSA("ssh-rsa", "ssh-rsa"),
    SSH_ED25519_CERT("ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519-cert-v01@openssh.com"),
    ECDSA_SHA2_NISTP256_CERT("ecdsa-sha2-nistp256-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com"),
    ECDSA_SHA2_NISTP384_CERT("ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp384-cert-v01@openssh.com"),
    ECDSA_SHA2_NISTP521_CERT("ecdsa-sha2-nistp521-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com"),
    RSA_SHA2_512_CERT("rsa-sha2-512-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com"),
    RSA_SHA2_256_CERT("rsa-sha2-256-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com"),
    SSH_RSA_CERT("ssh-rsa-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com");

    public final String wireName;
    /** The key type (as in a public key blob) that makes this signature. */
    public final String keyType;

    SignatureAlgorithm(String wireName, String keyType) {
        this.wireName = wireName;
        this.keyType = keyType;
    }

    /** SHA-1 RSA signatures: accepted only on explicit opt-in. */
    public boolean insecure() {
        return this == SSH_RSA || this == SSH_RSA_CERT;
    }

    /** Whether this names a signature by a certified key. */
    public boolean isCertificate() {
        return ordinal() >= SSH_ED25519_CERT.ordinal();
    }

    /** The signature algorithm inside the blob: itself for plain keys, the underlying one for certificates. */
    public SignatureAlgorithm plain() {
        return switch (this) {
            case SSH_ED25519_CERT -> SSH_ED25519;
            case ECDSA_SHA2_NISTP256_CERT -> ECDSA_SHA2_NISTP256;
            case ECDSA_SHA2_NISTP384_CERT -> ECDSA_SHA2_NISTP384;
            case ECDSA_SHA2_NISTP521_CERT -> ECDSA_SHA2_NISTP521;
            case RSA_SHA2_512_CERT -> RSA_SHA2_512;
            case RSA_SHA2_256_CERT -> RSA_SHA2_256;
            case SSH_RSA_CERT -> SSH_RSA;
            default -> this;
        };
    }

    /** The certificate form of a plain algorithm (itself if already one). */
    public SignatureAlgorithm certified() {
        for (SignatureAlgorithm a : values()) if (a.isCertificate() && a.plain() == this) return a;
        return this;
    }

    public static SignatureAlgorithm fromWireName(String name) {
        for (SignatureAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

package dev.seashell.transport.kex;

/** Key-exchange methods with their wire names. */
public enum KexAlgorithm {
    MLKEM768_X25519_SHA256("mlkem768x25519-sha256"),
    SNTRUP761_X25519_SHA512("sntrup761x25519-sha512@openssh.com"),
    SNTRUP761_X25519_SHA512_ALIAS("sntrup761x25519-sha512"),
    CURVE25519_SHA256("curve25519-sha256"),
    CURVE25519_SHA256_LIBSSH("curve25519-sha256@libssh.org"),
    ECDH_SHA2_NISTP256("ecdh-sha2-nistp256"),
    ECDH_SHA2_NISTP384("ecdh-sha2-nistp384"),
    ECDH_SHA2_NISTP521("ecdh-sha2-nistp521"),
    DH_GEX_SHA256("diffie-hellman-group-exchange-sha256"),
    DH_GROUP16_SHA512("diffie-hellman-group16-sha512"),
    DH_GROUP18_SHA512("diffie-hellman-group18-sha512"),
    DH_GROUP14_SHA256("diffie-hellman-group14-sha256"),
    DH_GROUP14_SHA1("diffie-hellman-group14-sha1"),
    DH_GROUP1_SHA1("diffie-hellman-group1-sha1"),
    DH_GEX_SHA1("diffie-hellman-group-exchange-sha1");

    public final String wireName;

    KexAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    /** SHA-1 based methods: offered only on explicit opt-in. */
    public boolean insecure() {
        return this == DH_GROUP14_SHA1 || this == DH_GROUP1_SHA1 || this == DH_GEX_SHA1;
    }

    public KeyExchange create() {
        throw new UnsupportedOperationException("TODO " + wireName);
    }

    public static KexAlgorithm fromWireName(String name) {
        for (KexAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

package dev.seashell.transport.kex;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

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

    /** A fresh instance; a group-exchange server reads {@link Moduli#DEFAULT_PATH} on first use. */
    public KeyExchange create() {
        return create(new SecureRandom(), SystemModuli::get);
    }

    /** As {@link #create()}, with the moduli a group-exchange server offers (other methods ignore them). */
    public KeyExchange create(Moduli moduli) {
        Objects.requireNonNull(moduli, "moduli");
        return create(new SecureRandom(), () -> moduli);
    }

    KeyExchange create(SecureRandom random, Supplier<Moduli> moduli) {
        Supplier<X25519Key> x25519 = () -> X25519Key.generate(random);
        return switch (this) {
            case MLKEM768_X25519_SHA256 -> new HybridKex("SHA-256", new MlKem768Kem(random), x25519);
            case SNTRUP761_X25519_SHA512, SNTRUP761_X25519_SHA512_ALIAS ->
                    new HybridKex("SHA-512", new Sntrup761Kem(random), x25519);
            case CURVE25519_SHA256, CURVE25519_SHA256_LIBSSH -> new Curve25519Kex(x25519);
            case ECDH_SHA2_NISTP256 -> new EcdhKex("secp256r1", "SHA-256", random);
            case ECDH_SHA2_NISTP384 -> new EcdhKex("secp384r1", "SHA-384", random);
            case ECDH_SHA2_NISTP521 -> new EcdhKex("secp521r1", "SHA-512", random);
            case DH_GEX_SHA256 -> new DhGroupExchange("SHA-256", DhGroupExchange.DEFAULT_PREFERRED_BITS, moduli, random);
            case DH_GEX_SHA1 -> new DhGroupExchange("SHA-1", DhGroupExchange.DEFAULT_PREFERRED_BITS, moduli, random);
            case DH_GROUP16_SHA512 -> new DhGroupKex(DhGroups.GROUP16, "SHA-512", random);
            case DH_GROUP18_SHA512 -> new DhGroupKex(DhGroups.GROUP18, "SHA-512", random);
            case DH_GROUP14_SHA256 -> new DhGroupKex(DhGroups.GROUP14, "SHA-256", random);
            case DH_GROUP14_SHA1 -> new DhGroupKex(DhGroups.GROUP14, "SHA-1", random);
            case DH_GROUP1_SHA1 -> new DhGroupKex(DhGroups.GROUP1, "SHA-1", random);
        };
    }

    /** The system moduli file, read once, on the first group-exchange server run. */
    private static final class SystemModuli {
        private static final Moduli INSTANCE = Moduli.system();

        static Moduli get() {
            return INSTANCE;
        }
    }

    public static KexAlgorithm fromWireName(String name) {
        for (KexAlgorithm a : values()) if (a.wireName.equals(name)) return a;
        return null;
    }
}

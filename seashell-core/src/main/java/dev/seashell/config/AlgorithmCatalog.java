package dev.seashell.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Supported and default names for each algorithm-list option. The transport layer supplies what it
 * implements; {@link #openssh()} carries OpenSSH 10.x's lists for tools that only need parsing.
 */
public record AlgorithmCatalog(Map<AlgorithmKind, List<String>> supported, Map<AlgorithmKind, List<String>> defaults) {

    public AlgorithmCatalog {
        supported = Map.copyOf(new EnumMap<>(supported));
        defaults = Map.copyOf(new EnumMap<>(defaults));
        for (AlgorithmKind k : AlgorithmKind.values()) {
            if (!supported.containsKey(k) || !defaults.containsKey(k)) {
                throw new IllegalArgumentException("catalog lacks " + k);
            }
        }
    }

    public List<String> supported(AlgorithmKind kind) {
        return supported.get(kind);
    }

    public List<String> defaults(AlgorithmKind kind) {
        return defaults.get(kind);
    }

    /** Resolves an option value (null = default) against this catalog. */
    public List<String> resolve(AlgorithmKind kind, String spec) {
        return AlgorithmList.resolve(kind, spec, supported(kind), defaults(kind));
    }

    private static final List<String> KEY_TYPES = List.of(
            "ssh-ed25519", "ssh-ed25519-cert-v01@openssh.com",
            "sk-ssh-ed25519@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384-cert-v01@openssh.com",
            "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ecdsa-sha2-nistp256@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "webauthn-sk-ecdsa-sha2-nistp256@openssh.com",
            "ssh-rsa", "ssh-rsa-cert-v01@openssh.com",
            "rsa-sha2-256", "rsa-sha2-256-cert-v01@openssh.com",
            "rsa-sha2-512", "rsa-sha2-512-cert-v01@openssh.com");

    private static final List<String> DEFAULT_KEY_TYPES = List.of(
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
            "rsa-sha2-512", "rsa-sha2-256");

    /** OpenSSH 10.x supported and default lists (ssh_config(5), sshd_config(5)). */
    public static AlgorithmCatalog openssh() {
        Map<AlgorithmKind, List<String>> sup = new EnumMap<>(AlgorithmKind.class);
        Map<AlgorithmKind, List<String>> def = new EnumMap<>(AlgorithmKind.class);
        sup.put(AlgorithmKind.CIPHERS, List.of("3des-cbc", "aes128-cbc", "aes192-cbc", "aes256-cbc",
                "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
                "chacha20-poly1305@openssh.com"));
        def.put(AlgorithmKind.CIPHERS, List.of("chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com",
                "aes256-gcm@openssh.com", "aes128-ctr", "aes192-ctr", "aes256-ctr"));
        sup.put(AlgorithmKind.MACS, List.of("hmac-sha1", "hmac-sha1-96", "hmac-sha2-256", "hmac-sha2-512",
                "hmac-md5", "hmac-md5-96", "umac-64@openssh.com", "umac-128@openssh.com",
                "hmac-sha1-etm@openssh.com", "hmac-sha1-96-etm@openssh.com", "hmac-sha2-256-etm@openssh.com",
                "hmac-sha2-512-etm@openssh.com", "hmac-md5-etm@openssh.com", "hmac-md5-96-etm@openssh.com",
                "umac-64-etm@openssh.com", "umac-128-etm@openssh.com"));
        def.put(AlgorithmKind.MACS, List.of("umac-64-etm@openssh.com", "umac-128-etm@openssh.com",
                "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha1-etm@openssh.com",
                "umac-64@openssh.com", "umac-128@openssh.com", "hmac-sha2-256", "hmac-sha2-512", "hmac-sha1"));
        sup.put(AlgorithmKind.KEX, List.of("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1",
                "diffie-hellman-group14-sha256", "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
                "diffie-hellman-group-exchange-sha1", "diffie-hellman-group-exchange-sha256",
                "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
                "curve25519-sha256", "curve25519-sha256@libssh.org",
                "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com", "mlkem768x25519-sha256"));
        def.put(AlgorithmKind.KEX, List.of("mlkem768x25519-sha256", "sntrup761x25519-sha512",
                "sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org",
                "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
                "diffie-hellman-group-exchange-sha256", "diffie-hellman-group16-sha512",
                "diffie-hellman-group18-sha512", "diffie-hellman-group14-sha256"));
        sup.put(AlgorithmKind.HOST_KEY, KEY_TYPES);
        sup.put(AlgorithmKind.PUBKEY, KEY_TYPES);
        def.put(AlgorithmKind.HOST_KEY, DEFAULT_KEY_TYPES);
        def.put(AlgorithmKind.PUBKEY, DEFAULT_KEY_TYPES);
        return new AlgorithmCatalog(sup, def);
    }
}

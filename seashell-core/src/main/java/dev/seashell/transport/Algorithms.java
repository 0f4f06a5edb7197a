package dev.seashell.transport;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.transport.cipher.CipherAlgorithm;
import dev.seashell.transport.cipher.MacAlgorithm;
import dev.seashell.transport.kex.KexAlgorithm;
import java.util.Arrays;
import java.util.List;

/**
 * Every algorithm name Seashell speaks, in one place: what is supported, what is offered by default
 * (OpenSSH 10's order, minus what we do not implement and minus SHA-1), per category.
 */
public final class Algorithms {
    private Algorithms() {}

    public static final String EXT_INFO_C = "ext-info-c";
    public static final String EXT_INFO_S = "ext-info-s";
    public static final String KEX_STRICT_C = "kex-strict-c-v00@openssh.com";
    public static final String KEX_STRICT_S = "kex-strict-s-v00@openssh.com";

    public static final List<String> DEFAULT_KEX = List.of(
            "mlkem768x25519-sha256",
            "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
            "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521",
            "diffie-hellman-group-exchange-sha256",
            "diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512",
            "diffie-hellman-group14-sha256");

    /**
     * A server's default key exchanges: the client list without the NIST-curve ECDH methods, which
     * ssh-audit fails (clients that want elliptic curves have curve25519; others the DH groups).
     */
    public static final List<String> DEFAULT_SERVER_KEX = DEFAULT_KEX.stream()
            .filter(n -> !n.startsWith("ecdh-sha2-nistp")).toList();

    /** Certificate algorithms first, as OpenSSH orders them; the client reorders by what known_hosts holds. */
    public static final List<String> DEFAULT_HOST_KEY = List.of(
            "ssh-ed25519-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "ecdsa-sha2-nistp384-cert-v01@openssh.com", "ecdsa-sha2-nistp521-cert-v01@openssh.com",
            "rsa-sha2-512-cert-v01@openssh.com", "rsa-sha2-256-cert-v01@openssh.com",
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "rsa-sha2-512", "rsa-sha2-256");

    public static final List<String> DEFAULT_CIPHERS = List.of(
            "chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes256-gcm@openssh.com",
            "aes128-ctr", "aes192-ctr", "aes256-ctr");

    public static final List<String> DEFAULT_MACS = List.of(
            "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
            "hmac-sha2-256", "hmac-sha2-512");

    public static final List<String> SUPPORTED_KEX = names(KexAlgorithm.values(), a -> a.wireName);
    public static final List<String> SUPPORTED_HOST_KEY = names(SignatureAlgorithm.values(), a -> a.wireName);
    public static final List<String> SUPPORTED_CIPHERS = names(CipherAlgorithm.values(), a -> a.wireName);
    public static final List<String> SUPPORTED_MACS = names(MacAlgorithm.values(), a -> a.wireName);
    public static final List<String> SUPPORTED_COMPRESSION = names(Compression.values(), a -> a.wireName);

    private static <T> List<String> names(T[] values, java.util.function.Function<T, String> name) {
        return Arrays.stream(values).map(name).toList();
    }
}

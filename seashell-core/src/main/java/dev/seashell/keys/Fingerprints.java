package dev.seashell.keys;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/** Key fingerprints and the "bits fingerprint comment (TYPE)" lines ssh-keygen -l prints. */
public final class Fingerprints {
    private Fingerprints() {}

    /** "SHA256:" + unpadded base64 of SHA-256(blob), OpenSSH's default. A certificate hashes as its plain key. */
    public static String sha256(SshPublicKey key) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest("SHA-256", plainBlob(key)));
    }

    /** "MD5:" + colon-separated lowercase hex of MD5(blob), as with ssh-keygen -E md5. */
    public static String md5(SshPublicKey key) {
        return "MD5:" + HexFormat.ofDelimiter(":").formatHex(digest("MD5", plainBlob(key)));
    }

    /** OpenSSH fingerprints a certificate by the key it certifies (sshkey_fingerprint_raw's force_plain). */
    private static byte[] plainBlob(SshPublicKey key) {
        return (key instanceof SshCertificate c ? c.key() : key).blob();
    }

    /** The fingerprint for an ssh-keygen -E / FingerprintHash name: "sha256" or "md5". */
    public static String fingerprint(SshPublicKey key, String hash) {
        return switch (hash.toLowerCase(Locale.ROOT)) {
            case "sha256" -> sha256(key);
            case "md5" -> md5(key);
            default -> throw new IllegalArgumentException("unsupported fingerprint hash: " + hash);
        };
    }

    /**
     * The line ssh-keygen -l prints, e.g. "256 SHA256:… user@host (ED25519)"; an empty or null
     * comment shows as "no comment", as OpenSSH does.
     */
    public static String describe(SshPublicKey key, String comment, String hash) {
        String c = comment == null || comment.isEmpty() ? "no comment" : comment;
        return key.bits() + " " + fingerprint(key, hash) + " " + c + " (" + key.displayType() + ")";
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

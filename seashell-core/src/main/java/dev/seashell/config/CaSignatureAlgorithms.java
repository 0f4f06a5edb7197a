package dev.seashell.config;

import java.util.List;

/**
 * CASignatureAlgorithms (ssh_config and sshd_config): which signature algorithms a CA may have used
 * on a certificate. The default is OpenSSH 9.2's, which leaves out ssh-rsa (RSA with SHA-1).
 */
public final class CaSignatureAlgorithms {
    private CaSignatureAlgorithms() {}

    /** Names a list may contain; ssh-rsa only when asked for. */
    public static final List<String> SUPPORTED = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
            "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa");

    /** OpenSSH 9.2's default. */
    public static final List<String> DEFAULT = SUPPORTED.subList(0, SUPPORTED.size() - 1);

    /** A list (null: the default) with {@code +}, {@code -}, {@code ^} and wildcards as for the key-type options. */
    public static List<String> resolve(String spec) {
        return AlgorithmList.resolve(AlgorithmKind.PUBKEY, spec, SUPPORTED, DEFAULT);
    }

    static void validate(ConfigLine l) throws ConfigException {
        try {
            resolve(l.arg());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(l.where() + ": " + e.getMessage());
        }
    }
}

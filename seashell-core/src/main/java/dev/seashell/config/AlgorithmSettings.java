package dev.seashell.config;

import java.util.List;

/**
 * The algorithm and rekey options ssh_config and sshd_config share (Ciphers, KexAlgorithms, MACs,
 * HostKeyAlgorithms, PubkeyAcceptedAlgorithms, RekeyLimit), read the same way from either file.
 */
public sealed interface AlgorithmSettings permits SshHostConfig, SshdConfig {
    /** The resolved list for one algorithm option: its default, or the file's value with +, - and ^ applied. */
    List<String> algorithms(AlgorithmKind kind);

    /** The first line of keyword {@code key} (lower case) that applies, or null. */
    ConfigLine firstLine(String key);

    default List<String> ciphers() {
        return algorithms(AlgorithmKind.CIPHERS);
    }

    default List<String> kexAlgorithms() {
        return algorithms(AlgorithmKind.KEX);
    }

    default List<String> macs() {
        return algorithms(AlgorithmKind.MACS);
    }

    default List<String> hostKeyAlgorithms() {
        return algorithms(AlgorithmKind.HOST_KEY);
    }

    default List<String> pubkeyAcceptedAlgorithms() {
        return algorithms(AlgorithmKind.PUBKEY);
    }

    /** RekeyLimit, or {@link RekeyLimit#DEFAULT} when the file does not set it. */
    default RekeyLimit rekeyLimit() {
        ConfigLine l = firstLine("rekeylimit");
        try {
            return l == null ? RekeyLimit.DEFAULT : Values.rekeyLimit(l);
        } catch (ConfigException e) {
            throw Values.unchecked(e);
        }
    }
}

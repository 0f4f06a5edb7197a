package dev.seashell.config;

import dev.seashell.transport.Algorithms;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The algorithm catalog of what Seashell implements, for resolving config lists (+, -, ^). */
public final class SeashellAlgorithms {
    private SeashellAlgorithms() {}

    private static final AlgorithmCatalog CATALOG = build(Algorithms.DEFAULT_KEX);
    private static final AlgorithmCatalog SERVER_CATALOG = build(Algorithms.DEFAULT_SERVER_KEX);

    /** For ssh_config: the client's defaults. */
    public static AlgorithmCatalog catalog() {
        return CATALOG;
    }

    /** For sshd_config: the server's defaults (no NIST-curve key exchange unless configured). */
    public static AlgorithmCatalog serverCatalog() {
        return SERVER_CATALOG;
    }

    private static AlgorithmCatalog build(java.util.List<String> defaultKex) {
        Map<AlgorithmKind, List<String>> sup = new EnumMap<>(AlgorithmKind.class);
        Map<AlgorithmKind, List<String>> def = new EnumMap<>(AlgorithmKind.class);
        sup.put(AlgorithmKind.CIPHERS, Algorithms.SUPPORTED_CIPHERS);
        def.put(AlgorithmKind.CIPHERS, Algorithms.DEFAULT_CIPHERS);
        sup.put(AlgorithmKind.MACS, Algorithms.SUPPORTED_MACS);
        def.put(AlgorithmKind.MACS, Algorithms.DEFAULT_MACS);
        sup.put(AlgorithmKind.KEX, Algorithms.SUPPORTED_KEX);
        def.put(AlgorithmKind.KEX, defaultKex);
        sup.put(AlgorithmKind.HOST_KEY, Algorithms.SUPPORTED_HOST_KEY);
        def.put(AlgorithmKind.HOST_KEY, Algorithms.DEFAULT_HOST_KEY);
        sup.put(AlgorithmKind.PUBKEY, Algorithms.SUPPORTED_HOST_KEY);
        def.put(AlgorithmKind.PUBKEY, Algorithms.DEFAULT_HOST_KEY);
        return new AlgorithmCatalog(sup, def);
    }
}

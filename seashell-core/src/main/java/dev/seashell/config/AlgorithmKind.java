package dev.seashell.config;

/** The algorithm-list options, with the error wording OpenSSH uses for a bad list. */
public enum AlgorithmKind {
    CIPHERS("Ciphers", "Bad SSH2 cipher spec '%s'.", false),
    MACS("MACs", "Bad SSH2 MAC spec '%s'.", false),
    KEX("KexAlgorithms", "Bad SSH2 KexAlgorithms '%s'.", false),
    HOST_KEY("HostKeyAlgorithms", "Bad key types '%s'.", true),
    PUBKEY("PubkeyAcceptedAlgorithms", "Bad key types '%s'.", true);

    private final String keyword;
    private final String errorFormat;
    private final boolean wildcards;

    AlgorithmKind(String keyword, String errorFormat, boolean wildcards) {
        this.keyword = keyword;
        this.errorFormat = errorFormat;
        this.wildcards = wildcards;
    }

    public String keyword() {
        return keyword;
    }

    /** Whether explicit (non {@code -}) lists may contain wildcards; OpenSSH allows them for key types only. */
    public boolean wildcards() {
        return wildcards;
    }

    String error(String spec) {
        return errorFormat.formatted(spec);
    }
}

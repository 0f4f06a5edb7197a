package dev.seashell.config;

/**
 * RekeyLimit: bytes before rekeying and seconds before rekeying; 0 means the cipher's default
 * amount for bytes and no time limit for seconds.
 */
public record RekeyLimit(long bytes, long seconds) {
    public static final RekeyLimit DEFAULT = new RekeyLimit(0, 0);
}

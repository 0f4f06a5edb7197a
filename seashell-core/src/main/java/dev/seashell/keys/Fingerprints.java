package dev.seashell.keys;

/** STUB replaced by the keys branch. */
public final class Fingerprints {
    private Fingerprints() {}

    public static String sha256(SshPublicKey key) {
        throw new UnsupportedOperationException();
    }
}

package dev.seashell.client;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.util.List;

/**
 * The server offered a host key that differs from the one recorded for it (in known_hosts, say): either
 * the host was re-keyed or someone is in the middle. The connection was refused before authentication.
 *
 * <p>Thrown by a {@link dev.seashell.transport.HostKeyVerifier} and passed through unchanged by
 * {@link SshClient#connect}.
 */
public class HostKeyMismatchException extends IOException {
    private final String host;
    private final int port;
    private final String keyType;
    private final List<String> expectedFingerprints;
    private final String offeredFingerprint;

    /**
     * @param host the host name as connected to
     * @param port the port connected to
     * @param keyType the offered key's type, e.g. {@code ssh-ed25519}
     * @param expectedFingerprints SHA256 fingerprints of the keys recorded for the host
     * @param offeredFingerprint SHA256 fingerprint of the key the server offered
     */
    public HostKeyMismatchException(String host, int port, String keyType, List<String> expectedFingerprints,
                                    String offeredFingerprint) {
        this("host key for " + (port == 22 ? host : "[" + host + "]:" + port) + " has changed: " + keyType + " "
                + offeredFingerprint + " offered, expected " + String.join(" or ", expectedFingerprints),
                host, port, keyType, expectedFingerprints, offeredFingerprint);
    }

    /** As the other constructor, with a message of the caller's own (an OpenSSH-style warning, say). */
    public HostKeyMismatchException(String message, String host, int port, String keyType,
                                    List<String> expectedFingerprints, String offeredFingerprint) {
        super(message);
        this.host = host;
        this.port = port;
        this.keyType = keyType;
        this.expectedFingerprints = List.copyOf(expectedFingerprints);
        this.offeredFingerprint = offeredFingerprint;
    }

    /** Builds the exception from the offered key and the keys on record, computing SHA256 fingerprints. */
    public static HostKeyMismatchException of(String host, int port, SshPublicKey offered, List<SshPublicKey> expected) {
        return new HostKeyMismatchException(host, port, offered.keyType(),
                expected.stream().map(Fingerprints::sha256).toList(), Fingerprints.sha256(offered));
    }

    /** The host name as connected to. */
    public String host() {
        return host;
    }

    /** The port connected to. */
    public int port() {
        return port;
    }

    /** The type of the offered key, e.g. {@code ssh-ed25519}. */
    public String keyType() {
        return keyType;
    }

    /** SHA256 fingerprints ({@code SHA256:...}) of the keys recorded for the host. */
    public List<String> expectedFingerprints() {
        return expectedFingerprints;
    }

    /** SHA256 fingerprint ({@code SHA256:...}) of the key the server offered. */
    public String offeredFingerprint() {
        return offeredFingerprint;
    }
}

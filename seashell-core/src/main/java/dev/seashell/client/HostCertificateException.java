package dev.seashell.client;

import java.io.IOException;

/**
 * The server presented a host certificate that known_hosts does not let the client accept: its CA is
 * trusted for the host by a {@code @cert-authority} line but the certificate is invalid for it (expired, not
 * for this name, ...) and its key is not known as a plain key either, or the CA or the key is
 * {@code @revoked}. The connection was refused before authentication.
 *
 * <p>Thrown by {@link KnownHostsVerifier} and passed through unchanged by {@link SshClient#connect}.
 */
public class HostCertificateException extends IOException {
    private final String host;
    private final int port;
    private final String reason;
    private final boolean revoked;

    /**
     * @param message the whole message
     * @param host    the host name as connected to
     * @param port    the port connected to
     * @param reason  OpenSSH's one-line reason, e.g. {@code Certificate invalid: expired}
     * @param revoked whether the CA or the certified key is marked {@code @revoked}
     */
    public HostCertificateException(String message, String host, int port, String reason, boolean revoked) {
        super(message);
        this.host = host;
        this.port = port;
        this.reason = reason;
        this.revoked = revoked;
    }

    /** The host name as connected to. */
    public String host() {
        return host;
    }

    /** The port connected to. */
    public int port() {
        return port;
    }

    /**
     * Why the certificate was refused, in OpenSSH's words: {@code Certificate invalid: name is not a listed
     * principal}, {@code Certificate invalid: expired}, {@code Certificate invalid: not yet valid},
     * {@code Certificate invalid: not a host certificate}, {@code Certificate signed with disallowed algorithm},
     * {@code certificate signature verification failed}, or for a revoked CA or key
     * {@code The ED25519-CERT host key for host is marked as revoked.}
     */
    public String reason() {
        return reason;
    }

    /** Whether the CA or the certified key is marked {@code @revoked} in known_hosts. */
    public boolean revoked() {
        return revoked;
    }
}

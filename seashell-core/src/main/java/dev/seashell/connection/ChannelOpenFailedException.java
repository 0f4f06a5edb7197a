package dev.seashell.connection;

/**
 * The peer refused to open a channel (SSH_MSG_CHANNEL_OPEN_FAILURE, RFC 4254 §5.1): {@link #reasonCode()}
 * says why ({@link #ADMINISTRATIVELY_PROHIBITED}, {@link #CONNECT_FAILED}, {@link #UNKNOWN_CHANNEL_TYPE},
 * {@link #RESOURCE_SHORTAGE}) and {@link #description()} is the peer's text. Failures to even attempt the
 * open (a closed connection, a local channel limit) are plain {@link ChannelOpenException}s.
 */
public final class ChannelOpenFailedException extends ChannelOpenException {
    /**
     * @param reasonCode the RFC 4254 reason code the peer sent
     * @param description the peer's human-readable text
     */
    public ChannelOpenFailedException(int reasonCode, String description) {
        super(reasonCode, description);
    }

    /** The reason code's RFC 4254 name, or {@code "unknown (n)"} for a code outside the RFC's four. */
    public String reasonName() {
        return switch (reasonCode()) {
            case ADMINISTRATIVELY_PROHIBITED -> "administratively prohibited";
            case CONNECT_FAILED -> "connect failed";
            case UNKNOWN_CHANNEL_TYPE -> "unknown channel type";
            case RESOURCE_SHORTAGE -> "resource shortage";
            default -> "unknown (" + reasonCode() + ")";
        };
    }
}

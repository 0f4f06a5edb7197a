package dev.seashell.connection;

import java.io.IOException;

/** A channel open that the peer refused (SSH_MSG_CHANNEL_OPEN_FAILURE) or that could not be attempted. */
public final class ChannelOpenException extends IOException {
    /** Reason codes of RFC 4254 §5.1. */
    public static final int ADMINISTRATIVELY_PROHIBITED = 1;
    public static final int CONNECT_FAILED = 2;
    public static final int UNKNOWN_CHANNEL_TYPE = 3;
    public static final int RESOURCE_SHORTAGE = 4;

    private final int reasonCode;
    private final String description;

    public ChannelOpenException(int reasonCode, String description) {
        super("channel open failed (" + reasonCode + "): " + description);
        this.reasonCode = reasonCode;
        this.description = description;
    }

    /** The human-readable text sent in (or received from) OPEN_FAILURE. */
    public String description() {
        return description;
    }

    public int reasonCode() {
        return reasonCode;
    }
}

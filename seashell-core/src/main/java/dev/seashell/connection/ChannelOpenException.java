package dev.seashell.connection;

import java.io.IOException;

/**
 * A channel open that failed: refused by the peer ({@link ChannelOpenFailedException}, with the peer's reason
 * code) or not attempted (connection closed, channel limit reached). Also what a local handler throws to
 * refuse an incoming open with a reason code.
 */
public sealed class ChannelOpenException extends IOException permits ChannelOpenFailedException {
    /** Reason codes of RFC 4254 §5.1. */
    public static final int ADMINISTRATIVELY_PROHIBITED = 1;
    public static final int CONNECT_FAILED = 2;
    public static final int UNKNOWN_CHANNEL_TYPE = 3;
    public static final int RESOURCE_SHORTAGE = 4;

    private final int reasonCode;
    private final String description;

    /**
     * @param reasonCode an RFC 4254 §5.1 reason code
     * @param description human-readable text, sent to the peer when this refuses an incoming open
     */
    public ChannelOpenException(int reasonCode, String description) {
        super("channel open failed (" + reasonCode + "): " + description);
        this.reasonCode = reasonCode;
        this.description = description;
    }

    /** The human-readable text sent in (or received from) OPEN_FAILURE. */
    public String description() {
        return description;
    }

    /** The RFC 4254 §5.1 reason code: one of the constants above, or another value a peer sent. */
    public int reasonCode() {
        return reasonCode;
    }
}

package dev.seashell.transport;

import dev.seashell.wire.DisconnectReason;
import java.io.IOException;

/** The peer sent SSH_MSG_DISCONNECT. */
public final class PeerDisconnectedException extends IOException {
    private final int reasonCode;
    private final String description;

    public PeerDisconnectedException(int reasonCode, String description) {
        super("Received disconnect: " + reasonCode + ": " + description);
        this.reasonCode = reasonCode;
        this.description = description;
    }

    public int reasonCode() {
        return reasonCode;
    }

    public DisconnectReason reason() {
        return DisconnectReason.of(reasonCode);
    }

    public String description() {
        return description;
    }
}

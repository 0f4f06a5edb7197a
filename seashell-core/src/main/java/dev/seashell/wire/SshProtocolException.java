package dev.seashell.wire;

/** A protocol violation: the connection is closed with SSH_MSG_DISCONNECT carrying {@link #reason()}. */
public class SshProtocolException extends SshFormatException {
    private final DisconnectReason reason;

    public SshProtocolException(DisconnectReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DisconnectReason reason() {
        return reason;
    }
}

package dev.seashell.mux;

import java.io.IOException;

/** The master refused a request (MUX_S_FAILURE or MUX_S_PERMISSION_DENIED); the message is its reason. */
public final class MuxException extends IOException {
    private final boolean denied;

    public MuxException(String reason, boolean denied) {
        super(reason);
        this.denied = denied;
    }

    /** True for MUX_S_PERMISSION_DENIED. */
    public boolean denied() {
        return denied;
    }
}

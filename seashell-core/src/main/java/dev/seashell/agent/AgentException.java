package dev.seashell.agent;

import java.io.IOException;

/** The agent refused a request (FAILURE or EXTENSION_FAILURE) or answered with the wrong message. */
public final class AgentException extends IOException {
    public AgentException(String message) {
        super(message);
    }
}

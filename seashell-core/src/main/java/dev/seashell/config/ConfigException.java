package dev.seashell.config;

import java.io.IOException;

/** A configuration file could not be read or is invalid; the message follows OpenSSH's wording. */
public final class ConfigException extends IOException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

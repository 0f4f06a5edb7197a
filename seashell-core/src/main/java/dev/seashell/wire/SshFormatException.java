package dev.seashell.wire;

import java.io.IOException;

/** Malformed data read off the wire or out of a file: the decoders' one declared parse error. */
public class SshFormatException extends IOException {
    public SshFormatException(String message) {
        super(message);
    }

    public SshFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

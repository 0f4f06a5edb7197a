package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;

/** An encrypted private key did not decrypt with the passphrase given (or the file is corrupt). */
public final class WrongPassphraseException extends SshFormatException {
    public WrongPassphraseException(String message) {
        super(message);
    }

    public WrongPassphraseException(String message, Throwable cause) {
        super(message, cause);
    }
}

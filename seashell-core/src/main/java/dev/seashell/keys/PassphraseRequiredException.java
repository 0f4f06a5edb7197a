package dev.seashell.keys;

import dev.seashell.wire.SshFormatException;

/**
 * The private key is encrypted and no (or an empty) passphrase was supplied: the caller may prompt
 * ("Enter passphrase for key '…': ") and try again.
 */
public final class PassphraseRequiredException extends SshFormatException {
    public PassphraseRequiredException(String message) {
        super(message);
    }
}

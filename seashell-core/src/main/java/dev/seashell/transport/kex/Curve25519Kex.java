package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;
import java.security.SecureRandom;
import java.util.function.Supplier;

/**
 * curve25519-sha256 and curve25519-sha256@libssh.org (RFC 8731): X25519 over the RFC 5656 ECDH
 * messages, hash SHA-256.
 *
 * <p>{@link KexResult#sharedSecret()} is the mpint K with its length prefix: the 32 bytes of X25519
 * output read, as they are and without byte reversal, as an unsigned big-endian integer (RFC 8731
 * §3.1), so it is 36 bytes, or 37 when the first byte has its high bit set, or shorter when it is zero.
 */
final class Curve25519Kex extends SingleRoundKex {
    private final Supplier<X25519Key> keys;

    Curve25519Kex(SecureRandom random) {
        this(() -> X25519Key.generate(random));
    }

    /** Test hook: fixed ephemeral keys for known-answer tests. */
    Curve25519Kex(Supplier<X25519Key> keys) {
        super("SHA-256", false);
        this.keys = keys;
    }

    @Override
    ClientEphemeral startClient() {
        X25519Key key = keys.get();
        return new ClientEphemeral() {
            @Override
            public byte[] publicValue() {
                return key.publicKey();
            }

            @Override
            public byte[] sharedSecret(byte[] serverValue) throws SshProtocolException {
                return KexMessages.mpintSecret(key.agree(serverValue));
            }
        };
    }

    @Override
    ServerSide respond(byte[] clientValue) throws SshProtocolException {
        X25519Key key = keys.get();
        return new ServerSide(key.publicKey(), KexMessages.mpintSecret(key.agree(clientValue)));
    }
}

package dev.seashell.transport.kex;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * diffie-hellman-group1-sha1, group14-sha1, group14-sha256, group16-sha512 and group18-sha512 (RFC
 * 4253 §8, RFC 8268): classic DH in a fixed group; e and f are mpints.
 *
 * <p>{@link KexResult#sharedSecret()} is the mpint K = f^x mod p with its length prefix.
 */
final class DhGroupKex extends SingleRoundKex {
    private final DhGroup group;
    private final SecureRandom random;

    DhGroupKex(DhGroup group, String hashAlgorithm, SecureRandom random) {
        super(hashAlgorithm, true);
        this.group = group;
        this.random = random;
    }

    @Override
    ClientEphemeral startClient() {
        BigInteger x = group.newExponent(random);
        byte[] e = group.publicValue(x).toByteArray();
        return new ClientEphemeral() {
            @Override
            public byte[] publicValue() {
                return e.clone();
            }

            @Override
            public byte[] sharedSecret(byte[] serverValue) throws IOException {
                return group.sharedSecret(x, new BigInteger(serverValue));
            }
        };
    }

    @Override
    ServerSide respond(byte[] clientValue) throws IOException {
        BigInteger e = new BigInteger(clientValue);
        group.checkPublic(e);
        BigInteger y = group.newExponent(random);
        return new ServerSide(group.publicValue(y).toByteArray(), group.sharedSecret(y, e));
    }
}

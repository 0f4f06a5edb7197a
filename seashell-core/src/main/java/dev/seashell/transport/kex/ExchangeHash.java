package dev.seashell.transport.kex;

import dev.seashell.wire.SshWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Accumulates the exchange hash input (RFC 4253 §8): the common prefix V_C, V_S, I_C, I_S, K_S, then
 * whatever the method adds, ending with K exactly as the method encoded it.
 */
final class ExchangeHash {
    private final String algorithm;
    private final SshWriter input = new SshWriter(2048);

    ExchangeHash(String algorithm, KexInputs inputs, byte[] hostKeyBlob) {
        this.algorithm = algorithm;
        input.writeBytes(inputs.clientVersion())
                .writeBytes(inputs.serverVersion())
                .writeBytes(inputs.clientKexInit())
                .writeBytes(inputs.serverKexInit())
                .writeBytes(hostKeyBlob);
    }

    /** The writer for the method-specific fields. */
    SshWriter fields() {
        return input;
    }

    /** Appends the already-encoded K and returns H. */
    byte[] finish(byte[] encodedSharedSecret) {
        input.writeRaw(encodedSharedSecret);
        MessageDigest digest = digest(algorithm);
        digest.update(input.array(), 0, input.size());
        byte[] h = digest.digest();
        Arrays.fill(input.array(), (byte) 0); // the input held K
        return h;
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }
}

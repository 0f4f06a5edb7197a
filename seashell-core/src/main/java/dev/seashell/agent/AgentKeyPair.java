package dev.seashell.agent;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;

/**
 * A key held by an agent, usable wherever an {@link SshKeyPair} signs (e.g. as an identity of
 * {@code ClientUserAuth.Options}). The private key never leaves the agent: {@link #privateKey()}
 * throws, and {@link #sign} asks the agent, throwing {@link UncheckedIOException} if it refuses.
 */
public record AgentKeyPair(AgentClient agent, SshPublicKey publicKey, String comment) implements SshKeyPair {
    @Override
    public PrivateKey privateKey() {
        throw new UnsupportedOperationException("the private key is held by the agent");
    }

    @Override
    public byte[] sign(SignatureAlgorithm algorithm, byte[] data) {
        if (!algorithm.keyType.equals(publicKey.keyType())) {
            throw new IllegalArgumentException(algorithm + " cannot sign with a " + publicKey.keyType() + " key");
        }
        try {
            return agent.sign(publicKey, algorithm, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "AgentKeyPair[" + publicKey + ", " + comment + "]";
    }
}

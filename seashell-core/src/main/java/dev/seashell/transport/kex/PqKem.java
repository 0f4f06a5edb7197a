package dev.seashell.transport.kex;

import dev.seashell.wire.SshProtocolException;

/** The post-quantum half of a hybrid method: a KEM with fixed-size raw keys and ciphertexts. */
sealed interface PqKem permits Sntrup761Kem, MlKem768Kem {
    int publicKeyLength();

    int ciphertextLength();

    /** The client's fresh key pair. */
    KeyPair generate();

    /** The server's side: a ciphertext for the client's raw public key and the secret it carries. */
    Encapsulation encapsulate(byte[] publicKey) throws SshProtocolException;

    interface KeyPair {
        byte[] publicKey();

        byte[] decapsulate(byte[] ciphertext) throws SshProtocolException;
    }

    record Encapsulation(byte[] ciphertext, byte[] secret) {}
}

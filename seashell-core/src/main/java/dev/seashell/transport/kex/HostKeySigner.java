package dev.seashell.transport.kex;

/** The server's host key for the negotiated host key algorithm. */
public interface HostKeySigner {
    /** K_S: the public key blob sent in the reply. */
    byte[] hostKeyBlob();

    /** The SSH signature blob (string algorithm, string signature) over the exchange hash. */
    byte[] sign(byte[] exchangeHash);
}

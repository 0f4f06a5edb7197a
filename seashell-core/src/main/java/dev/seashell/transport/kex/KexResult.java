package dev.seashell.transport.kex;

/**
 * The outcome of one key exchange.
 *
 * @param sharedSecret K exactly as it was encoded into the exchange hash (an mpint for classic DH and
 *     curve25519, a string for the hybrid post-quantum methods) — key derivation hashes these bytes
 * @param exchangeHash H
 * @param hashAlgorithm the method's JCA digest name ("SHA-256", "SHA-384", "SHA-512")
 * @param hostKeyBlob K_S, the server's public host key blob
 * @param signature the server's signature blob over H (verified by the transport on the client)
 */
public record KexResult(byte[] sharedSecret, byte[] exchangeHash, String hashAlgorithm, byte[] hostKeyBlob, byte[] signature) {}

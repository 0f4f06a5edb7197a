package dev.seashell.transport.kex;

import java.io.IOException;

/**
 * One key-exchange method, run once per (re)key by each side. Instances hold no state between runs.
 *
 * <p>The client returns K_S and the signature unverified: checking them is the transport's job. In
 * every result {@link KexResult#sharedSecret()} is exactly the bytes hashed for K, length prefix
 * included (an mpint for the classic and elliptic-curve methods, a string for the hybrids), so key
 * derivation (RFC 4253 §7.2) hashes them as they are. Malformed peer messages raise {@link
 * dev.seashell.wire.SshProtocolException} with KEY_EXCHANGE_FAILED (bad values) or PROTOCOL_ERROR
 * (bad framing).
 */
public interface KeyExchange {
    KexResult client(KexIo io, KexInputs inputs) throws IOException;

    KexResult server(KexIo io, KexInputs inputs, HostKeySigner signer) throws IOException;
}

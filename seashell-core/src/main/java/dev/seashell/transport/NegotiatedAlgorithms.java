package dev.seashell.transport;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.transport.cipher.CipherAlgorithm;
import dev.seashell.transport.cipher.MacAlgorithm;
import dev.seashell.transport.kex.KexAlgorithm;

/** The outcome of algorithm negotiation (RFC 4253 §7.1); {@code mac*} is null for AEAD ciphers. Internal: see {@link Negotiated}. */
record NegotiatedAlgorithms(
        KexAlgorithm kex,
        SignatureAlgorithm hostKey,
        CipherAlgorithm cipherClientToServer,
        CipherAlgorithm cipherServerToClient,
        MacAlgorithm macClientToServer,
        MacAlgorithm macServerToClient,
        Compression compressionClientToServer,
        Compression compressionServerToClient,
        boolean strictKex,
        boolean peerWantsExtInfo) {

    /** The same by wire name, for the public API. */
    Negotiated names() {
        return new Negotiated(kex.wireName, hostKey.wireName, cipherClientToServer.wireName, cipherServerToClient.wireName,
                macClientToServer == null ? null : macClientToServer.wireName,
                macServerToClient == null ? null : macServerToClient.wireName,
                compressionClientToServer.wireName, compressionServerToClient.wireName, strictKex, peerWantsExtInfo);
    }

    /** One-line summary in the style of OpenSSH's debug output. */
    public String describe() {
        return "kex " + kex.wireName + ", host key " + hostKey.wireName + ", c2s " + cipherClientToServer.wireName
                + (macClientToServer == null ? "" : " " + macClientToServer.wireName) + ", s2c "
                + cipherServerToClient.wireName + (macServerToClient == null ? "" : " " + macServerToClient.wireName);
    }
}

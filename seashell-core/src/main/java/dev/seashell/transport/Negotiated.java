package dev.seashell.transport;

/**
 * The algorithms a connection uses after key exchange (RFC 4253 §7.1), by their wire names, e.g.
 * {@code curve25519-sha256}, {@code ssh-ed25519}, {@code chacha20-poly1305@openssh.com}.
 *
 * @param kex                       the key exchange method
 * @param hostKey                   the server host key (signature) algorithm
 * @param cipherClientToServer      the cipher from client to server
 * @param cipherServerToClient      the cipher from server to client
 * @param macClientToServer         the MAC from client to server; null with an AEAD cipher
 * @param macServerToClient         the MAC from server to client; null with an AEAD cipher
 * @param compressionClientToServer the compression from client to server ({@code none} if off)
 * @param compressionServerToClient the compression from server to client ({@code none} if off)
 * @param strictKex                 whether both sides use strict key exchange (the Terrapin countermeasure)
 * @param peerWantsExtInfo          whether the peer asked for SSH_MSG_EXT_INFO (RFC 8308)
 */
public record Negotiated(
        String kex,
        String hostKey,
        String cipherClientToServer,
        String cipherServerToClient,
        String macClientToServer,
        String macServerToClient,
        String compressionClientToServer,
        String compressionServerToClient,
        boolean strictKex,
        boolean peerWantsExtInfo) {

    /** One-line summary in the style of OpenSSH's debug output. */
    public String describe() {
        return "kex " + kex + ", host key " + hostKey + ", c2s " + cipherClientToServer
                + (macClientToServer == null ? "" : " " + macClientToServer) + ", s2c "
                + cipherServerToClient + (macServerToClient == null ? "" : " " + macServerToClient);
    }
}

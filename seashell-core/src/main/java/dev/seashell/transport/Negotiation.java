package dev.seashell.transport;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.transport.cipher.CipherAlgorithm;
import dev.seashell.transport.cipher.MacAlgorithm;
import dev.seashell.transport.kex.KexAlgorithm;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.util.List;

/** Algorithm negotiation (RFC 4253 §7.1): the client's first choice that the server also lists. */
final class Negotiation {
    private Negotiation() {}

    /**
     * @param initialKex whether this is the first key exchange of the connection (strict KEX and
     *     ext-info markers count only there)
     * @param weAreClient decides which marker of the peer we look for
     */
    public static NegotiatedAlgorithms negotiate(KexInit client, KexInit server, boolean initialKex, boolean weAreClient)
            throws SshProtocolException {
        String kexName = choose("key exchange", client.kexAlgorithms(), server.kexAlgorithms());
        KexAlgorithm kex = KexAlgorithm.fromWireName(kexName);
        SignatureAlgorithm hostKey = SignatureAlgorithm.fromWireName(
                choose("host key", client.hostKeyAlgorithms(), server.hostKeyAlgorithms()));
        CipherAlgorithm c2s = CipherAlgorithm.fromWireName(choose("cipher", client.ciphersClientToServer(), server.ciphersClientToServer()));
        CipherAlgorithm s2c = CipherAlgorithm.fromWireName(choose("cipher", client.ciphersServerToClient(), server.ciphersServerToClient()));
        MacAlgorithm macC2s = c2s.aead ? null : MacAlgorithm.fromWireName(choose("MAC", client.macsClientToServer(), server.macsClientToServer()));
        MacAlgorithm macS2c = s2c.aead ? null : MacAlgorithm.fromWireName(choose("MAC", client.macsServerToClient(), server.macsServerToClient()));
        Compression compC2s = Compression.fromWireName(choose("compression", client.compressionClientToServer(), server.compressionClientToServer()));
        Compression compS2c = Compression.fromWireName(choose("compression", client.compressionServerToClient(), server.compressionServerToClient()));
        if (kex == null || hostKey == null || c2s == null || s2c == null || compC2s == null || compS2c == null
                || (!c2s.aead && macC2s == null) || (!s2c.aead && macS2c == null)) {
            throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED, "negotiated an algorithm we do not implement");
        }
        boolean strict = initialKex && client.kexAlgorithms().contains(Algorithms.KEX_STRICT_C)
                && server.kexAlgorithms().contains(Algorithms.KEX_STRICT_S);
        boolean peerExtInfo = initialKex && (weAreClient
                ? server.kexAlgorithms().contains(Algorithms.EXT_INFO_S)
                : client.kexAlgorithms().contains(Algorithms.EXT_INFO_C));
        return new NegotiatedAlgorithms(kex, hostKey, c2s, s2c, macC2s, macS2c, compC2s, compS2c, strict, peerExtInfo);
    }

    /** Whether a peer's first_kex_packet_follows guess was wrong, so its next kex packet must be ignored (§7). */
    public static boolean guessWrong(KexInit client, KexInit server) {
        return !firstOf(client.kexAlgorithms()).equals(firstOf(server.kexAlgorithms()))
                || !firstOf(client.hostKeyAlgorithms()).equals(firstOf(server.hostKeyAlgorithms()));
    }

    private static String firstOf(List<String> l) {
        return l.isEmpty() ? "" : l.getFirst();
    }

    private static String choose(String what, List<String> clientList, List<String> serverList) throws SshProtocolException {
        for (String c : clientList) {
            if (isMarker(c)) continue;
            if (serverList.contains(c)) return c;
        }
        throw new SshProtocolException(DisconnectReason.KEY_EXCHANGE_FAILED,
                "no matching " + what + " found: client " + String.join(",", clientList) + " server " + String.join(",", serverList));
    }

    private static boolean isMarker(String name) {
        return name.equals(Algorithms.EXT_INFO_C) || name.equals(Algorithms.EXT_INFO_S)
                || name.equals(Algorithms.KEX_STRICT_C) || name.equals(Algorithms.KEX_STRICT_S);
    }
}

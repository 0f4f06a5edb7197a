package dev.seashell.transport.cipher;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/** The SSH MAC (RFC 4253 §6.4): HMAC over {@code uint32 sequence_number || data}, with reused scratch buffers. */
final class SeqMac {
    private final Mac mac;
    private final byte[] seqBytes = new byte[4];
    private final byte[] computed;
    private final byte[] received;

    SeqMac(MacAlgorithm alg, byte[] key) throws GeneralSecurityException {
        mac = Mac.getInstance(alg.jcaName);
        mac.init(new SecretKeySpec(key, alg.jcaName));
        computed = new byte[alg.tagLength];
        received = new byte[alg.tagLength];
    }

    int length() {
        return computed.length;
    }

    /** Writes the MAC of {@code seq || buf[off, off+len)} at {@code out[outOff..]}. */
    void compute(int seq, byte[] buf, int off, int len, byte[] out, int outOff) {
        Packets.putInt(seqBytes, 0, seq);
        mac.update(seqBytes);
        mac.update(buf, off, len);
        try {
            mac.doFinal(out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    /** Whether the MAC at {@code buf[off+len..]} matches {@code seq || buf[off, off+len)}, compared in constant time. */
    boolean verify(int seq, byte[] buf, int off, int len) {
        compute(seq, buf, off, len, computed, 0);
        return Packets.tagMatches(computed, buf, off + len, received);
    }
}

package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;
import java.util.Arrays;

/**
 * AES-CTR with an encrypt-and-MAC HMAC (RFC 4253 §6, RFC 4344): the whole packet, length included,
 * is encrypted, and the MAC covers {@code seq || plaintext packet}. The length is only known after
 * decrypting the first block, so {@link #decryptLength} decrypts a copy of it (advancing the stream)
 * and {@link #open} writes that copy back and continues the stream after it.
 */
final class CtrMacCipher implements PacketCipher {
    private static final int BLOCK = 16;

    private final boolean encrypt;
    private final CtrStream stream;
    private final SeqMac mac;
    private final byte[] firstBlock = new byte[BLOCK];
    private boolean firstBlockPending;
    private int firstBlockSeq;

    CtrMacCipher(boolean encrypt, CtrStream stream, SeqMac mac) {
        this.encrypt = encrypt;
        this.stream = stream;
        this.mac = mac;
    }

    @Override public int blockSize() { return BLOCK; }
    @Override public int tagLength() { return mac.length(); }
    @Override public boolean lengthInClear() { return false; }
    @Override public boolean lengthExcludedFromAlignment() { return false; }
    @Override public int firstBlockLength() { return BLOCK; }

    @Override
    public void seal(int seq, byte[] buf, int off, int len) {
        Packets.requireDirection(encrypt, true);
        Packets.checkSeal(this, buf, off, len);
        mac.compute(seq, buf, off, len, buf, off + len);
        stream.applyInPlace(buf, off, len);
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        Packets.requireDirection(encrypt, false);
        if (firstBlockPending) {
            if (seq != firstBlockSeq) throw new IllegalStateException("decryptLength for packet " + seq + " before opening packet " + firstBlockSeq);
        } else {
            stream.apply(buf, off, BLOCK, firstBlock, 0);
            firstBlockPending = true;
            firstBlockSeq = seq;
        }
        return Packets.getInt(firstBlock, 0);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) throws SshProtocolException {
        Packets.requireDirection(encrypt, false);
        Packets.checkOpen(this, buf, off, len);
        decryptLength(seq, buf, off);
        firstBlockPending = false;
        System.arraycopy(firstBlock, 0, buf, off, BLOCK);
        stream.applyInPlace(buf, off + BLOCK, len - BLOCK);
        if (!mac.verify(seq, buf, off, len)) {
            // Encrypt-and-MAC can only check the plaintext; wipe it so a forged packet leaves nothing behind.
            Arrays.fill(buf, off, off + len, (byte) 0);
            throw Packets.macError();
        }
    }
}

package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;

/**
 * AES-CTR with an encrypt-then-MAC HMAC (OpenSSH PROTOCOL §1.5, the -etm@openssh.com MACs): the
 * length stays in clear, the rest is encrypted, and the MAC covers {@code seq || length || ciphertext}
 * so it is checked before anything is decrypted.
 */
final class CtrEtmCipher implements PacketCipher {
    private static final int BLOCK = 16;

    private final boolean encrypt;
    private final CtrStream stream;
    private final SeqMac mac;

    CtrEtmCipher(boolean encrypt, CtrStream stream, SeqMac mac) {
        this.encrypt = encrypt;
        this.stream = stream;
        this.mac = mac;
    }

    @Override public int blockSize() { return BLOCK; }
    @Override public int tagLength() { return mac.length(); }
    @Override public boolean lengthInClear() { return true; }
    @Override public boolean lengthExcludedFromAlignment() { return true; }
    @Override public int firstBlockLength() { return 4; }

    @Override
    public void seal(int seq, byte[] buf, int off, int len) {
        Packets.requireDirection(encrypt, true);
        Packets.checkSeal(this, buf, off, len);
        stream.applyInPlace(buf, off + 4, len - 4);
        mac.compute(seq, buf, off, len, buf, off + len);
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        return Packets.getInt(buf, off);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) throws SshProtocolException {
        Packets.requireDirection(encrypt, false);
        Packets.checkOpen(this, buf, off, len);
        if (!mac.verify(seq, buf, off, len)) throw Packets.macError();
        stream.applyInPlace(buf, off + 4, len - 4);
    }
}

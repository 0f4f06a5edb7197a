package dev.seashell.transport.cipher;

import dev.seashell.wire.SshProtocolException;

/** The "none" cipher before the first NEWKEYS: no encryption, no MAC, 8-byte alignment including the length. */
final class NoneCipher implements PacketCipher {
    static final NoneCipher INSTANCE = new NoneCipher();

    private NoneCipher() {}

    @Override public int blockSize() { return 8; }
    @Override public int tagLength() { return 0; }
    @Override public boolean lengthInClear() { return true; }
    @Override public boolean lengthExcludedFromAlignment() { return false; }
    @Override public int firstBlockLength() { return 4; }

    @Override
    public void seal(int seq, byte[] buf, int off, int len) {
        Packets.checkSeal(this, buf, off, len);
    }

    @Override
    public int decryptLength(int seq, byte[] buf, int off) {
        return Packets.getInt(buf, off);
    }

    @Override
    public void open(int seq, byte[] buf, int off, int len) throws SshProtocolException {
        Packets.checkOpen(this, buf, off, len);
    }
}

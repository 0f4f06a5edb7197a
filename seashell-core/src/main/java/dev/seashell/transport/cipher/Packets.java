package dev.seashell.transport.cipher;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.security.MessageDigest;
import java.util.Objects;

/** Checks and byte helpers shared by the {@link PacketCipher} implementations. */
final class Packets {
    private Packets() {}

    static int getInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    /** Whether {@code len} (4 + packet_length) obeys the cipher's padding alignment and holds at least one block. */
    static boolean aligned(PacketCipher c, int len) {
        int body = len - (c.lengthExcludedFromAlignment() ? 4 : 0);
        return body >= c.blockSize() && body % c.blockSize() == 0;
    }

    /** A sealing caller's mistake is a bug, not a peer's fault. */
    static void checkSeal(PacketCipher c, byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len + c.tagLength(), buf.length);
        if (!aligned(c, len)) throw new IllegalArgumentException("packet length " + len + " breaks the padding alignment");
    }

    static void checkOpen(PacketCipher c, byte[] buf, int off, int len) throws SshProtocolException {
        Objects.checkFromIndexSize(off, len + c.tagLength(), buf.length);
        if (!aligned(c, len)) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "packet length " + len + " breaks the padding alignment");
    }

    /** Compares {@code computed} with the tag at {@code buf[tagOff..]} in constant time, copying it into {@code scratch}. */
    static boolean tagMatches(byte[] computed, byte[] buf, int tagOff, byte[] scratch) {
        System.arraycopy(buf, tagOff, scratch, 0, scratch.length);
        return MessageDigest.isEqual(computed, scratch);
    }

    /** One instance serves one direction; mixing them would desynchronise the key stream. */
    static void requireDirection(boolean encrypt, boolean sealing) {
        if (sealing != encrypt) throw new IllegalStateException(encrypt ? "a sending cipher cannot open" : "a receiving cipher cannot seal");
    }

    static SshProtocolException macError() {
        return new SshProtocolException(DisconnectReason.MAC_ERROR, "packet authentication failed");
    }
}

package dev.seashell.transport.cipher;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test fixtures: every cipher/MAC suite, deterministic keys, and packets laid out as the transport would. */
final class TestPackets {
    private TestPackets() {}

    /** A negotiated pair; {@code mac} is null for AEAD ciphers. */
    record Suite(CipherAlgorithm cipher, MacAlgorithm mac) {
        @Override
        public String toString() {
            return cipher.wireName + (mac == null ? "" : " + " + mac.wireName);
        }
    }

    record Keys(byte[] key, byte[] iv, byte[] macKey) {}

    static List<Suite> suites() {
        List<Suite> all = new ArrayList<>();
        for (CipherAlgorithm c : CipherAlgorithm.values()) {
            if (c.aead) all.add(new Suite(c, null));
            else for (MacAlgorithm m : MacAlgorithm.values()) all.add(new Suite(c, m));
        }
        return all;
    }

    static Keys keys(Suite s, long seed) {
        Random r = new Random(seed);
        return new Keys(bytes(r, s.cipher().keyLength), bytes(r, s.cipher().ivLength), s.mac() == null ? null : bytes(r, s.mac().keyLength));
    }

    static PacketCipher create(Suite s, Keys k, boolean encrypt) {
        return PacketCiphers.create(s.cipher(), s.mac(), encrypt, k.key(), k.iv(), k.macKey());
    }

    static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /**
     * A buffer holding {@code off} junk bytes, then a plain packet with this payload and minimal padding
     * for {@code c}, then zeroed room for the tag, then 3 junk bytes.
     */
    static byte[] packet(PacketCipher c, int off, byte[] payload, Random r) {
        int pad = c.paddingLength(payload.length);
        int packetLength = 1 + payload.length + pad;
        byte[] buf = bytes(r, off + 4 + packetLength + c.tagLength() + 3);
        Packets.putInt(buf, off, packetLength);
        buf[off + 4] = (byte) pad;
        System.arraycopy(payload, 0, buf, off + 5, payload.length);
        java.util.Arrays.fill(buf, off + 4 + packetLength, off + 4 + packetLength + c.tagLength(), (byte) 0);
        return buf;
    }

    /** 4 + packet_length of the plain packet at {@code off}. */
    static int len(byte[] plain, int off) {
        return 4 + Packets.getInt(plain, off);
    }
}

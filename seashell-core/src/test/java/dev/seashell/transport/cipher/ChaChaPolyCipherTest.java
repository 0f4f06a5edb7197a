package dev.seashell.transport.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.engines.ChaChaEngine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known answers for chacha20-poly1305@openssh.com against a literal reading of PROTOCOL.chacha20poly1305. */
class ChaChaPolyCipherTest {
    private static final HexFormat HEX = HexFormat.of();

    /**
     * The construction done independently with BouncyCastle's original ChaCha20 (64-bit nonce, 64-bit
     * counter), as OpenSSH does it: returns enc(length) || enc(payload) || tag.
     */
    static byte[] reference(byte[] key, int seq, byte[] plain, int len) {
        byte[] k2 = Arrays.copyOfRange(key, 0, 32);
        byte[] k1 = Arrays.copyOfRange(key, 32, 64);
        byte[] nonce = new byte[8]; // uint64 sequence number, SSH (big-endian) encoding
        Packets.putInt(nonce, 4, seq);
        byte[] out = new byte[len + 16];

        ChaChaEngine lengthEngine = new ChaChaEngine();
        lengthEngine.init(true, new ParametersWithIV(new KeyParameter(k1), nonce));
        lengthEngine.processBytes(plain, 0, 4, out, 0);

        ChaChaEngine polyKeyEngine = new ChaChaEngine();
        polyKeyEngine.init(true, new ParametersWithIV(new KeyParameter(k2), nonce));
        byte[] block0 = new byte[64];
        polyKeyEngine.processBytes(new byte[64], 0, 64, block0, 0);

        ChaChaEngine payloadEngine = new ChaChaEngine();
        payloadEngine.init(true, new ParametersWithIV(new KeyParameter(k2), nonce));
        payloadEngine.seekTo(64); // block counter = 1
        payloadEngine.processBytes(plain, 4, len - 4, out, 4);

        Poly1305 poly = new Poly1305();
        poly.init(new KeyParameter(Arrays.copyOf(block0, 32)));
        poly.update(out, 0, len);
        poly.doFinal(out, len);
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF})
    void sealMatchesTheReference(int seq) throws Exception {
        Random r = new Random(seq);
        byte[] key = TestPackets.bytes(r, 64);
        PacketCipher tx = PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, true, key, new byte[0], null);
        PacketCipher rx = PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, false, key, new byte[0], null);
        int[] sizes = {0, 59, 60, 1000, 4096}; // 59/60 straddle the first 64-byte block boundary
        for (int i = 0; i < sizes.length; i++, seq++) { // a nonce is never reused for sealing (the JDK enforces it)
            int size = sizes[i];
            byte[] plain = TestPackets.packet(tx, 0, TestPackets.bytes(r, size), r);
            int len = TestPackets.len(plain, 0);
            byte[] expected = reference(key, seq, plain, len);

            byte[] buf = plain.clone();
            tx.seal(seq, buf, 0, len);
            assertThat(HEX.formatHex(buf, 0, len + 16)).isEqualTo(HEX.formatHex(expected));

            // And the receiver accepts the independently produced packet.
            byte[] in = Arrays.copyOf(expected, len + 16);
            assertThat(rx.decryptLength(seq, in, 0)).isEqualTo(len - 4);
            rx.open(seq, in, 0, len);
            assertThat(Arrays.copyOf(in, len)).isEqualTo(Arrays.copyOf(plain, len));
        }
    }

    @Test
    void sealingTwiceWithOneSequenceNumberIsRefused() {
        PacketCipher tx = PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, true, new byte[64], null, null);
        byte[] buf = new byte[40];
        buf[3] = 16;
        tx.seal(5, buf, 0, 20);
        assertThatThrownBy(() -> tx.seal(5, buf, 0, 20)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pinnedVector() throws Exception {
        byte[] key = new byte[64];
        for (int i = 0; i < 64; i++) key[i] = (byte) i;
        // packet_length 16, padding_length 7, payload "seashell", padding 01..07, then 16 bytes for the tag.
        byte[] buf = HEX.parseHex("0000001007" + HEX.formatHex("seashell".getBytes()) + "01020304050607" + "00".repeat(16));
        PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, true, key, null, null).seal(7, buf, 0, 20);
        // Derived once from reference() above (BouncyCastle ChaChaEngine + Poly1305), then pinned.
        assertThat(HEX.formatHex(buf)).isEqualTo("a39afcba2f3570223deb4f32006cb9f3d38ad52bfb39f9e1db1552245f06c02d8f4ca130");
        assertThat(HEX.formatHex(reference(key, 7, HEX.parseHex("0000001007" + HEX.formatHex("seashell".getBytes()) + "01020304050607"), 20))).isEqualTo("a39afcba2f3570223deb4f32006cb9f3d38ad52bfb39f9e1db1552245f06c02d8f4ca130");
    }
}

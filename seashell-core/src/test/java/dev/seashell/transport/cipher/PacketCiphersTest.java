package dev.seashell.transport.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.transport.cipher.TestPackets.Keys;
import dev.seashell.transport.cipher.TestPackets.Suite;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PacketCiphersTest {
    private static final int OFF = 5;
    private static final int[] SIZES = {0, 1, 15, 16, 100, 1000, 32768, 35000};

    static List<Suite> suites() {
        return TestPackets.suites();
    }

    @Test
    void everySuiteIsCovered() {
        // 3 AEAD ciphers + 3 CTR ciphers x 6 MACs.
        assertThat(suites()).hasSize(21).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("suites")
    void roundTripsAcrossSizesAndSequenceWrap(Suite s) throws Exception {
        Keys k = TestPackets.keys(s, 1);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        Random r = new Random(2);
        int seq = 0xFFFFFFF0;
        // 60 packets: crosses the uint32 wrap and keeps the CTR streams running across packets.
        for (int i = 0; i < 60; i++, seq++) {
            byte[] payload = TestPackets.bytes(r, SIZES[i % SIZES.length]);
            byte[] plain = TestPackets.packet(tx, OFF, payload, r);
            int len = TestPackets.len(plain, OFF);
            byte[] wire = plain.clone();

            tx.seal(seq, wire, OFF, len);
            assertThat(Arrays.equals(wire, OFF + 5, OFF + len, plain, OFF + 5, OFF + len)).as("payload encrypted").isFalse();
            assertUntouchedOutside(wire, plain, OFF, len + tx.tagLength());

            byte[] received = wire.clone();
            assertThat(rx.decryptLength(seq, received, OFF)).isEqualTo(len - 4);
            assertThat(rx.decryptLength(seq, received, OFF)).as("repeatable").isEqualTo(len - 4);
            assertThat(received).as("decryptLength leaves the buffer alone").isEqualTo(wire);

            rx.open(seq, received, OFF, len);
            assertThat(Arrays.copyOfRange(received, OFF, OFF + len)).isEqualTo(Arrays.copyOfRange(plain, OFF, OFF + len));
            assertUntouchedOutside(received, wire, OFF, len + tx.tagLength());
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void openWorksWithoutDecryptLength(Suite s) throws Exception {
        Keys k = TestPackets.keys(s, 3);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        Random r = new Random(4);
        for (int seq = 0; seq < 5; seq++) {
            byte[] plain = TestPackets.packet(tx, 0, TestPackets.bytes(r, 40 * seq), r);
            int len = TestPackets.len(plain, 0);
            byte[] buf = plain.clone();
            tx.seal(seq, buf, 0, len);
            rx.open(seq, buf, 0, len);
            assertThat(Arrays.copyOf(buf, len)).isEqualTo(Arrays.copyOf(plain, len));
        }
    }

    static Stream<Arguments> tamperCases() {
        // Positions relative to a 100-byte payload packet: length bytes, padding_length, middle, last byte, tag bytes.
        return suites().stream().flatMap(s -> Stream.of("len0", "len3", "padlen", "middle", "last", "tag0", "tagLast").map(p -> Arguments.of(s, p)));
    }

    @ParameterizedTest
    @MethodSource("tamperCases")
    void tamperingFailsWithMacErrorAndLeavesNoPlaintext(Suite s, String where) throws Exception {
        Keys k = TestPackets.keys(s, 5);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        Random r = new Random(6);
        // A few good packets first, so the tampered one sits mid-stream.
        for (int seq = 0; seq < 3; seq++) {
            byte[] buf = TestPackets.packet(tx, OFF, TestPackets.bytes(r, 50), r);
            int len = TestPackets.len(buf, OFF);
            tx.seal(seq, buf, OFF, len);
            rx.decryptLength(seq, buf, OFF);
            rx.open(seq, buf, OFF, len);
        }
        byte[] plain = TestPackets.packet(tx, OFF, TestPackets.bytes(r, 100), r);
        int len = TestPackets.len(plain, OFF);
        byte[] wire = plain.clone();
        tx.seal(3, wire, OFF, len);
        int pos = OFF + switch (where) {
            case "len0" -> 0;
            case "len3" -> 3;
            case "padlen" -> 4;
            case "middle" -> len / 2;
            case "last" -> len - 1;
            case "tag0" -> len;
            case "tagLast" -> len + tx.tagLength() - 1;
            default -> throw new IllegalArgumentException(where);
        };
        wire[pos] ^= 0x01;
        byte[] buf = wire.clone();

        rx.decryptLength(3, buf, OFF);
        assertThatThrownBy(() -> rx.open(3, buf, OFF, len))
                .isInstanceOfSatisfying(SshProtocolException.class, e -> assertThat(e.reason()).isEqualTo(DisconnectReason.MAC_ERROR));

        assertThat(Arrays.equals(buf, OFF + 5, OFF + 105, plain, OFF + 5, OFF + 105)).as("payload not revealed").isFalse();
        if (s.cipher().aead || s.mac().etm) {
            assertThat(buf).as("verified before decrypting: buffer untouched").isEqualTo(wire);
        }
    }

    @ParameterizedTest
    @MethodSource("suites")
    void decryptLengthReadsOnlyTheFirstBlock(Suite s) throws Exception {
        Keys k = TestPackets.keys(s, 7);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        byte[] buf = TestPackets.packet(tx, 0, new byte[500], new Random(8));
        int len = TestPackets.len(buf, 0);
        tx.seal(9, buf, 0, len);
        // Only firstBlockLength bytes have "arrived"; the rest of the buffer is still garbage.
        byte[] partial = new byte[buf.length];
        System.arraycopy(buf, 0, partial, 0, rx.firstBlockLength());
        assertThat(rx.decryptLength(9, partial, 0)).isEqualTo(len - 4);
        System.arraycopy(buf, 0, partial, 0, buf.length);
        rx.open(9, partial, 0, len);
        assertThat(partial[4]).isEqualTo((byte) tx.paddingLength(500));
        assertThat(Arrays.copyOfRange(partial, 5, 505)).isEqualTo(new byte[500]);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void misalignedPacketsAreRejected(Suite s) {
        Keys k = TestPackets.keys(s, 9);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        byte[] buf = new byte[200];
        int good = tx.lengthExcludedFromAlignment() ? 4 + 2 * tx.blockSize() : 2 * tx.blockSize();
        assertThatThrownBy(() -> tx.seal(0, buf, 0, good + 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rx.open(0, buf, 0, good + 4))
                .isInstanceOfSatisfying(SshProtocolException.class, e -> assertThat(e.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR));
    }

    @ParameterizedTest
    @MethodSource("suites")
    void aDirectionIsEnforced(Suite s) {
        Keys k = TestPackets.keys(s, 10);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        byte[] buf = new byte[200];
        assertThatThrownBy(() -> tx.open(0, buf, 0, 36)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> rx.seal(0, buf, 0, 36)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @MethodSource("suites")
    void paddingFollowsTheAlignmentRule(Suite s) {
        PacketCipher c = TestPackets.create(s, TestPackets.keys(s, 11), true);
        int skip = c.lengthExcludedFromAlignment() ? 0 : 4;
        for (int n = 0; n < 100; n++) {
            int pad = c.paddingLength(n);
            assertThat(pad).isBetween(4, 3 + c.blockSize());
            assertThat((skip + 1 + n + pad) % c.blockSize()).isZero();
        }
    }

    @Test
    void paddingMatchesOpenSshForAHundredBytePayload() {
        // Worked by hand from OpenSSH packet.c: padlen = bs - (len % bs), +bs if < 4, len excluding aadlen.
        assertThat(PacketCiphers.none().paddingLength(100)).isEqualTo(7); // 4+1+100 = 105 -> 112
        assertThat(create(CipherAlgorithm.CHACHA20_POLY1305, null).paddingLength(100)).isEqualTo(11); // 101 -> 112
        assertThat(create(CipherAlgorithm.AES128_GCM, null).paddingLength(100)).isEqualTo(11); // 101 -> 112
        assertThat(create(CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA2_256).paddingLength(100)).isEqualTo(7); // 105 -> 112
        assertThat(create(CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA2_256_ETM).paddingLength(100)).isEqualTo(11); // 101 -> 112
        assertThat(PacketCiphers.none().paddingLength(3)).isEqualTo(8); // 8 -> pad 0 < 4 -> 8
    }

    @Test
    void noneLeavesPacketsInClear() throws Exception {
        PacketCipher none = PacketCiphers.none();
        assertThat(none.blockSize()).isEqualTo(8);
        assertThat(none.tagLength()).isZero();
        assertThat(none.lengthInClear()).isTrue();
        assertThat(none.lengthExcludedFromAlignment()).isFalse();
        byte[] plain = TestPackets.packet(none, OFF, "hello".getBytes(), new Random(12));
        int len = TestPackets.len(plain, OFF);
        assertThat(len % 8).isZero();
        byte[] buf = plain.clone();
        none.seal(0, buf, OFF, len);
        assertThat(buf).isEqualTo(plain);
        assertThat(none.decryptLength(0, buf, OFF)).isEqualTo(len - 4);
        none.open(0, buf, OFF, len);
        assertThat(buf).isEqualTo(plain);
        assertThatThrownBy(() -> none.open(0, buf, OFF, len - 4)).isInstanceOf(SshProtocolException.class);
    }

    @Test
    void propertiesPerMode() {
        PacketCipher chacha = create(CipherAlgorithm.CHACHA20_POLY1305, null);
        assertThat(List.of(chacha.blockSize(), chacha.tagLength(), chacha.firstBlockLength())).containsExactly(8, 16, 4);
        assertThat(chacha.lengthInClear()).isFalse();
        PacketCipher gcm = create(CipherAlgorithm.AES256_GCM, MacAlgorithm.HMAC_SHA1);
        assertThat(List.of(gcm.blockSize(), gcm.tagLength(), gcm.firstBlockLength())).containsExactly(16, 16, 4);
        assertThat(gcm.lengthInClear()).isTrue();
        PacketCipher em = create(CipherAlgorithm.AES192_CTR, MacAlgorithm.HMAC_SHA2_512);
        assertThat(List.of(em.blockSize(), em.tagLength(), em.firstBlockLength())).containsExactly(16, 64, 16);
        assertThat(em.lengthInClear()).isFalse();
        PacketCipher etm = create(CipherAlgorithm.AES256_CTR, MacAlgorithm.HMAC_SHA1_ETM);
        assertThat(List.of(etm.blockSize(), etm.tagLength(), etm.firstBlockLength())).containsExactly(16, 20, 4);
        assertThat(etm.lengthInClear()).isTrue();
    }

    @Test
    void factoryRejectsWrongKeyMaterial() {
        byte[] k16 = new byte[16];
        assertThatThrownBy(() -> PacketCiphers.create(CipherAlgorithm.AES256_CTR, MacAlgorithm.HMAC_SHA1, true, k16, k16, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketCiphers.create(CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA1, true, k16, new byte[12], new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketCiphers.create(CipherAlgorithm.AES128_CTR, null, true, k16, k16, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketCiphers.create(CipherAlgorithm.AES128_CTR, MacAlgorithm.HMAC_SHA2_256, true, k16, k16, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, true, new byte[32], new byte[0], null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PacketCiphers.create(CipherAlgorithm.CHACHA20_POLY1305, null, true, new byte[64], null, null)).isNotNull();
    }

    private static PacketCipher create(CipherAlgorithm c, MacAlgorithm m) {
        Suite s = new Suite(c, c.aead ? null : m);
        return TestPackets.create(s, TestPackets.keys(s, 13), true);
    }

    /** Everything before {@code off} and after the packet and tag is exactly as it was. */
    private static void assertUntouchedOutside(byte[] actual, byte[] expected, int off, int n) {
        assertThat(Arrays.copyOf(actual, off)).isEqualTo(Arrays.copyOf(expected, off));
        assertThat(Arrays.copyOfRange(actual, off + n, actual.length)).isEqualTo(Arrays.copyOfRange(expected, off + n, expected.length));
    }
}

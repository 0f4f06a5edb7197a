package dev.seashell.transport.cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshProtocolException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link PacketCipher#openTo}: the out-of-place open the packet reader uses, for every suite. */
class OpenToTest {
    static java.util.List<TestPackets.Suite> suites() {
        return TestPackets.suites();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void leavesThePlainBodyInTheTargetArray(TestPackets.Suite s) throws Exception {
        Random r = new Random(7);
        TestPackets.Keys k = TestPackets.keys(s, 11);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        for (int seq = 0; seq < 3; seq++) {
            byte[] payload = TestPackets.bytes(r, 1000 + 4000 * seq);
            byte[] buf = TestPackets.packet(tx, 5, payload, r);
            int len = TestPackets.len(buf, 5);
            byte[] plainBody = Arrays.copyOfRange(buf, 5 + 4, 5 + len);
            tx.seal(seq, buf, 5, len);
            assertThat(rx.decryptLength(seq, buf, 5)).isEqualTo(len - 4);
            byte[] dst = new byte[len + 10];
            rx.openTo(seq, buf, 5, len, dst, 3);
            assertThat(Arrays.copyOfRange(dst, 3, 3 + len - 4)).isEqualTo(plainBody);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void aBadTagLeavesNoPlaintextInTheTarget(TestPackets.Suite s) throws Exception {
        Random r = new Random(8);
        TestPackets.Keys k = TestPackets.keys(s, 12);
        PacketCipher tx = TestPackets.create(s, k, true);
        PacketCipher rx = TestPackets.create(s, k, false);
        byte[] payload = new byte[3000];
        Arrays.fill(payload, (byte) 0x5a);
        byte[] buf = TestPackets.packet(tx, 0, payload, r);
        int len = TestPackets.len(buf, 0);
        tx.seal(0, buf, 0, len);
        buf[len + tx.tagLength() - 1] ^= 1; // last tag byte
        rx.decryptLength(0, buf, 0);
        byte[] dst = new byte[len];
        assertThatThrownBy(() -> rx.openTo(0, buf, 0, len, dst, 0)).isInstanceOf(SshProtocolException.class);
        int plainBytes = 0;
        for (byte b : dst) if (b == 0x5a) plainBytes++;
        assertThat(plainBytes).isLessThan(100); // no run of the payload came through
    }
}

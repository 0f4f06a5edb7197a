package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.connection.ConnectionMessage.*;
import dev.seashell.wire.SshFormatException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionMessageTest {
    private static final byte[] DATA = {1, 2, 3, (byte) 0xff};

    static List<ConnectionMessage> samples() {
        return List.of(
                new GlobalRequest("tcpip-forward", true, DATA),
                new RequestSuccess(DATA),
                new RequestFailure(),
                new ChannelOpen("session", 5, 0xffffffffL, 32768, new byte[0]),
                new ChannelOpenConfirmation(5, -2, 2 << 20, 32768, DATA),
                new ChannelOpenFailure(9, 3, "unknown channel type", "en"),
                new ChannelWindowAdjust(1, 0x80000000L),
                new ChannelData(7, DATA),
                new ChannelExtendedData(7, 1, DATA),
                new ChannelEof(3),
                new ChannelClose(3),
                new ChannelRequest(4, "exec", true, SessionRequests.string("ls")),
                new ChannelSuccess(4),
                new ChannelFailure(4));
    }

    @Test
    void everyMessageSurvivesEncodeDecode() throws Exception {
        for (ConnectionMessage m : samples()) {
            ConnectionMessage back = ConnectionMessage.decode(m.encode());
            assertThat(back.getClass()).isEqualTo(m.getClass());
            assertThat(back.encode()).as(m.toString()).isEqualTo(m.encode());
        }
    }

    @Test
    void fieldsLandWhereRfc4254SaysTheyDo() throws Exception {
        // SSH_MSG_CHANNEL_DATA: byte 94, uint32 recipient, string data
        assertThat(new ChannelData(0x01020304, new byte[] {9}).encode())
                .containsExactly(94, 1, 2, 3, 4, 0, 0, 0, 1, 9);
        ChannelOpen open = (ChannelOpen) ConnectionMessage.decode(
                new ChannelOpen("x", 1, 0xfffffffeL, 3, new byte[0]).encode());
        assertThat(open.initialWindow()).isEqualTo(0xfffffffeL);
        ChannelRequest req = (ChannelRequest) ConnectionMessage.decode(new ChannelRequest(2, "env", false, DATA).encode());
        assertThat(req.requestType()).isEqualTo("env");
        assertThat(req.wantReply()).isFalse();
        assertThat(req.data()).isEqualTo(DATA);
    }

    @Test
    void truncatedOrPaddedMessagesAreFormatErrors() {
        for (ConnectionMessage m : samples()) {
            byte[] enc = m.encode();
            if (!(m instanceof GlobalRequest || m instanceof RequestSuccess || m instanceof ChannelOpen
                    || m instanceof ChannelOpenConfirmation || m instanceof ChannelRequest)) {
                // messages without an open-ended tail must be consumed exactly
                byte[] padded = Arrays.copyOf(enc, enc.length + 1);
                assertThatThrownBy(() -> ConnectionMessage.decode(padded)).isInstanceOf(SshFormatException.class);
            }
            if (enc.length > 1 && !(m instanceof RequestSuccess)) {
                byte[] cut = Arrays.copyOf(enc, enc.length - (m instanceof ChannelOpenFailure ? 3 : 1) - trailing(m));
                assertThatThrownBy(() -> ConnectionMessage.decode(cut)).as(m.toString()).isInstanceOf(SshFormatException.class);
            }
        }
        assertThatThrownBy(() -> ConnectionMessage.decode(new byte[] {50})).isInstanceOf(SshFormatException.class);
        assertThatThrownBy(() -> ConnectionMessage.decode(new byte[] {94, 0, 0, 0, 1, 0x7f, 0, 0, 0}))
                .isInstanceOf(SshFormatException.class);
    }

    /** Bytes of open-ended tail data, which a truncation must cut past to hit a fixed field. */
    private static int trailing(ConnectionMessage m) {
        return switch (m) {
            case GlobalRequest g -> g.data().length;
            case ChannelOpen o -> o.data().length;
            case ChannelOpenConfirmation c -> c.data().length;
            case ChannelRequest r -> r.data().length;
            default -> 0;
        };
    }
}

package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.forwarding.ForwardingMessages.TcpipForward;
import dev.seashell.forwarding.ForwardingMessages.TcpipOpen;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import org.junit.jupiter.api.Test;

class ForwardingMessagesTest {
    @Test
    void directTcpipLayoutIsRfc4254() throws SshFormatException {
        byte[] wire = new TcpipOpen("db", 5432, "10.0.0.1", 40000).encode();
        byte[] expected = new SshWriter().writeString("db").writeInt(5432).writeString("10.0.0.1").writeInt(40000).toByteArray();
        assertThat(wire).isEqualTo(expected);
        assertThat(TcpipOpen.decode(wire)).isEqualTo(new TcpipOpen("db", 5432, "10.0.0.1", 40000));
    }

    @Test
    void rejectsOutOfRangePortsAndTrailingBytes() {
        byte[] bigPort = new SshWriter().writeString("h").writeInt(70000).toByteArray();
        assertThatThrownBy(() -> TcpipForward.decode(bigPort)).isInstanceOf(SshFormatException.class);
        byte[] trailing = new SshWriter().writeString("h").writeInt(1).writeByte(0).toByteArray();
        assertThatThrownBy(() -> TcpipForward.decode(trailing)).isInstanceOf(SshFormatException.class);
        byte[] hugeString = new SshWriter().writeInt(Integer.MAX_VALUE).toByteArray();
        assertThatThrownBy(() -> TcpipOpen.decode(hugeString)).isInstanceOf(SshFormatException.class);
    }

    @Test
    void streamlocalForms() throws SshFormatException {
        assertThat(ForwardingMessages.decodeDirectStreamlocal(ForwardingMessages.encodeDirectStreamlocal("/s"))).isEqualTo("/s");
        assertThat(ForwardingMessages.decodeForwardedStreamlocal(ForwardingMessages.encodeForwardedStreamlocal("/s"))).isEqualTo("/s");
        // OpenSSH may send forwarded-streamlocal without the reserved string.
        assertThat(ForwardingMessages.decodeForwardedStreamlocal(ForwardingMessages.encodePath("/s"))).isEqualTo("/s");
        assertThat(ForwardingMessages.decodePort(ForwardingMessages.encodePort(40001))).isEqualTo(40001);
    }
}

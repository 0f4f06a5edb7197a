package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VersionExchangeTest {
    static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void clientToleratesLinesBeforeTheVersion() throws IOException {
        InputStream s = in("Welcome\r\nto the host\r\nSSH-2.0-OpenSSH_9.2p1 Debian\r\nrest");
        assertThat(VersionExchange.receive(s, true)).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian");
        assertThat(new String(s.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("rest");
    }

    @Test
    void serverRefusesLinesBeforeTheVersion() {
        assertThatThrownBy(() -> VersionExchange.receive(in("GET / HTTP/1.1\r\n"), false))
                .isInstanceOf(SshProtocolException.class).hasMessageContaining("invalid protocol identifier");
    }

    @Test
    void acceptsBareLfAnd199() throws IOException {
        assertThat(VersionExchange.receive(in("SSH-1.99-Old\n"), false)).isEqualTo("SSH-1.99-Old");
    }

    @Test
    void refusesSsh1WithAClearMessage() {
        assertThatThrownBy(() -> VersionExchange.receive(in("SSH-1.5-Ancient\r\n"), true))
                .isInstanceOfSatisfying(SshProtocolException.class,
                        e -> assertThat(e.reason()).isEqualTo(DisconnectReason.PROTOCOL_VERSION_NOT_SUPPORTED))
                .hasMessage("Protocol major versions differ: 2 vs. 1.5");
    }

    @Test
    void refusesLinesOver255Bytes() {
        String longLine = "SSH-2.0-" + "x".repeat(260) + "\r\n";
        assertThatThrownBy(() -> VersionExchange.receive(in(longLine), true)).hasMessageContaining("255");
    }

    @Test
    void boundsTheNumberOfPreambleLines() {
        String many = "x\r\n".repeat(VersionExchange.MAX_PRE_LINES + 1) + "SSH-2.0-x\r\n";
        assertThatThrownBy(() -> VersionExchange.receive(in(many), true)).hasMessageContaining("too many lines");
    }

    @Test
    void eofBeforeTheVersion() {
        assertThatThrownBy(() -> VersionExchange.receive(in("SSH-2.0"), true)).hasMessageContaining("closed");
    }
}

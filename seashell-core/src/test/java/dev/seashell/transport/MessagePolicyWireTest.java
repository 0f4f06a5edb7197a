package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.transport.MessagePolicy.Phase;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link MessagePolicy} at work in a real Transport pair: the reader's choke point, the phase moves, UNIMPLEMENTED. */
@Timeout(60)
class MessagePolicyWireTest {
    private static final byte[] SERVICE_REQUEST = new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST)
            .writeString("ssh-userauth").toByteArray();
    private static final byte[] SERVICE_ACCEPT = new SshWriter().writeByte(MessageNumbers.SERVICE_ACCEPT)
            .writeString("ssh-userauth").toByteArray();

    /** The server reads one message on this thread while the client reads the server's answer on another. */
    private static int roundTrip(TransportPair p) throws Exception {
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return p.client().readPacket();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        p.client().send(SERVICE_REQUEST);
        assertThat(p.server().readPacket()[0]).isEqualTo((byte) MessageNumbers.SERVICE_REQUEST);
        p.server().send(SERVICE_ACCEPT);
        assertThat(answer.get(30, TimeUnit.SECONDS)[0]).isEqualTo((byte) MessageNumbers.SERVICE_ACCEPT);
        return p.client().lastReadSequence();
    }

    @Test
    void bothSidesStartInUserauthAndMoveToConnectionAtUserauthSuccess() throws Exception {
        try (TransportPair p = TransportPair.handshaken()) {
            assertThat(p.server().phase()).isEqualTo(Phase.USERAUTH);
            assertThat(p.client().phase()).isEqualTo(Phase.USERAUTH);
            p.server().send(new byte[] {(byte) MessageNumbers.USERAUTH_SUCCESS});
            p.server().authenticated();
            assertThat(p.server().phase()).isEqualTo(Phase.CONNECTION);
            assertThat(p.client().readPacket()[0]).isEqualTo((byte) MessageNumbers.USERAUTH_SUCCESS);
            // The client moves on by itself the moment it reads the success, before anything else is read.
            assertThat(p.client().phase()).isEqualTo(Phase.CONNECTION);
        }
    }

    @Test
    void anUnknownNumberIsAnsweredWithUnimplementedAndTheConnectionCarriesOn() throws Exception {
        try (TransportPair p = TransportPair.handshaken()) {
            int before = roundTrip(p);
            p.client().send(new byte[] {(byte) 150, 1, 2, 3});
            int after = roundTrip(p);
            // One more server packet than the two answers: the UNIMPLEMENTED (RFC 4253 §11.4), swallowed by the client.
            assertThat(after - before).isEqualTo(2);
        }
    }

    @Test
    void aKeyExchangeMessageOutsideAKeyExchangeIsFatal() throws Exception {
        try (TransportPair p = TransportPair.handshaken()) {
            p.client().send(new byte[] {(byte) MessageNumbers.KEX_ECDH_INIT, 0, 0, 0, 0});
            assertThatThrownBy(p.server()::readPacket).isInstanceOf(SshProtocolException.class)
                    .hasMessage("message 30 not allowed before authentication")
                    .satisfies(e -> assertThat(((SshProtocolException) e).reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR));
        }
    }

    @Test
    void newKeysOutsideAKeyExchangeIsFatal() throws Exception {
        try (TransportPair p = TransportPair.handshaken().authenticated()) {
            p.client().send(new byte[] {(byte) MessageNumbers.NEWKEYS});
            assertThatThrownBy(p.server()::readPacket).isInstanceOf(SshProtocolException.class)
                    .hasMessage("message 21 not allowed after authentication");
        }
    }

    @Test
    void theClientRefusesAChannelOpenBeforeItIsAuthenticated() throws Exception {
        try (TransportPair p = TransportPair.handshaken()) {
            p.server().send(new SshWriter().writeByte(MessageNumbers.CHANNEL_OPEN).writeString("x11").writeInt(0)
                    .writeInt(1 << 20).writeInt(32768).toByteArray());
            assertThatThrownBy(p.client()::readPacket).isInstanceOf(SshProtocolException.class)
                    .hasMessage("message 90 not allowed before authentication");
        }
    }

    @Test
    void theClientRefusesAUserauthRequestFromTheServer() throws Exception {
        try (TransportPair p = TransportPair.handshaken()) {
            p.server().send(new SshWriter().writeByte(MessageNumbers.USERAUTH_REQUEST).writeString("root")
                    .writeString("ssh-connection").writeString("none").toByteArray());
            assertThatThrownBy(p.client()::readPacket).isInstanceOf(SshProtocolException.class)
                    .hasMessage("message 50 not allowed before authentication");
        }
    }

    @Test
    void theServerDropsUserauthRequestsAfterSuccessButNotAForgedSuccess() throws Exception {
        try (TransportPair p = TransportPair.handshaken().authenticated()) {
            p.client().send(new SshWriter().writeByte(MessageNumbers.USERAUTH_REQUEST).writeString("root")
                    .writeString("ssh-connection").writeString("none").toByteArray());
            p.client().send(new SshWriter().writeByte(MessageNumbers.GLOBAL_REQUEST).writeString("x").writeBoolean(false)
                    .toByteArray());
            // RFC 4252 §5.1: the late request is silently ignored; the next message is the global request.
            assertThat(p.server().readPacket()[0]).isEqualTo((byte) MessageNumbers.GLOBAL_REQUEST);
            p.client().send(new byte[] {(byte) MessageNumbers.USERAUTH_SUCCESS});
            assertThatThrownBy(p.server()::readPacket).isInstanceOf(SshProtocolException.class)
                    .hasMessage("message 52 not allowed after authentication");
        }
    }
}

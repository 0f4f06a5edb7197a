package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.connection.ConnectionMessage.*;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A hostile or buggy peer, driven message by message into one layer's handle(). */
class ProtocolViolationTest {
    private static final int WINDOW = 64 * 1024;
    private static final int PACKET = 16 * 1024;
    private final List<ConnectionMessage> sent = new CopyOnWriteArrayList<>();
    private final AtomicReference<Channel> accepted = new AtomicReference<>();
    private ConnectionLayer layer;

    @BeforeEach
    void setUp() {
        layer = new ConnectionLayer(p -> sent.add(ConnectionMessage.decode(p)),
                ConnectionConfig.defaults().withLocalWindow(WINDOW).withMaxPacket(PACKET));
        layer.registerChannelType("sink", in -> {
            try {
                accepted.set(in.accept(null));
            } catch (ChannelOpenException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Opens a "sink" channel as the peer (its id 77) and returns our id for it. */
    private int openSink() throws Exception {
        layer.handle(new ChannelOpen("sink", 77, 1 << 20, 32768, new byte[0]).encode());
        ChannelOpenConfirmation c = (ChannelOpenConfirmation) sent.getLast();
        assertThat(c.recipientChannel()).isEqualTo(77);
        assertThat(c.initialWindow()).isEqualTo(WINDOW);
        assertThat(c.maxPacket()).isEqualTo(PACKET);
        return c.senderChannel();
    }

    @Test
    void dataBeyondTheWindowIsAConnectionError() throws Exception {
        int id = openSink();
        byte[] packet = new byte[PACKET];
        // Nobody reads: the window plus what the reader re-opened ahead of the consumer, exactly the capacity.
        for (int i = 0; i < 2 * WINDOW / PACKET; i++) layer.handle(new ChannelData(id, packet).encode());
        assertThat(accepted.get().inbound().bufferedBytes()).isEqualTo(2 * WINDOW);
        assertThatThrownBy(() -> layer.handle(new ChannelData(id, new byte[1]).encode()))
                .isInstanceOf(SshProtocolException.class).hasMessageContaining("window");
        assertThat(layer.isClosed()).isTrue();
        assertThat(accepted.get().isClosed()).isTrue();
        // buffered data can still be drained, then the failure surfaces
        assertThat(accepted.get().inputStream().readNBytes(2 * WINDOW)).hasSize(2 * WINDOW);
        assertThatThrownBy(() -> accepted.get().inputStream().read()).isInstanceOf(IOException.class);
    }

    @Test
    void extendedDataCountsAgainstTheSameWindow() throws Exception {
        int id = openSink();
        for (int i = 0; i < 2 * WINDOW / PACKET; i++) {
            if (i % 2 == 0) layer.handle(new ChannelData(id, new byte[PACKET]).encode());
            else layer.handle(new ChannelExtendedData(id, 1, new byte[PACKET]).encode());
        }
        assertThat(accepted.get().extendedInputStream().available()).isEqualTo(WINDOW);
        assertThatThrownBy(() -> layer.handle(new ChannelData(id, new byte[1]).encode()))
                .isInstanceOf(SshProtocolException.class);
    }

    @Test
    void unknownExtendedTypesAreDroppedButStillOpenTheWindow() throws Exception {
        int id = openSink();
        layer.handle(new ChannelExtendedData(id, 42, new byte[PACKET]).encode());
        assertThat(sent).noneMatch(m -> m instanceof ChannelWindowAdjust);
        layer.handle(new ChannelExtendedData(id, 42, new byte[PACKET]).encode());
        assertThat(sent.getLast()).isEqualTo(new ChannelWindowAdjust(77, 2 * PACKET));
        assertThat(accepted.get().inbound().bufferedBytes()).isZero();
    }

    @Test
    void dataBeyondOurMaxPacketIsAConnectionError() throws Exception {
        int id = openSink();
        assertThatThrownBy(() -> layer.handle(new ChannelData(id, new byte[PACKET + 1]).encode()))
                .isInstanceOf(SshProtocolException.class).hasMessageContaining("max packet");
    }

    @Test
    void theReaderReopensTheWindowAtHalfWithoutWaitingForTheConsumer() throws Exception {
        int id = openSink();
        layer.handle(new ChannelData(id, new byte[PACKET]).encode());
        assertThat(sent).noneMatch(m -> m instanceof ChannelWindowAdjust);
        layer.handle(new ChannelData(id, new byte[PACKET]).encode()); // half the window used, nothing read
        assertThat(sent.getLast()).isEqualTo(new ChannelWindowAdjust(77, WINDOW / 2));
        // the peer may now send a full window again on top of what it had left
        for (int i = 0; i < WINDOW / PACKET; i++) layer.handle(new ChannelData(id, new byte[PACKET]).encode());
        assertThat(layer.isClosed()).isFalse();
    }

    @Test
    void aFullBufferReopensTheWindowOnlyAsTheConsumerReads() throws Exception {
        int id = openSink();
        for (int i = 0; i < 2 * WINDOW / PACKET; i++) layer.handle(new ChannelData(id, new byte[PACKET]).encode());
        long adjusts = sent.stream().filter(m -> m instanceof ChannelWindowAdjust).count();
        accepted.get().inputStream().readNBytes(PACKET); // a quarter window free: below the adjust step
        assertThat(sent.stream().filter(m -> m instanceof ChannelWindowAdjust).count()).isEqualTo(adjusts);
        accepted.get().inputStream().readNBytes(PACKET);
        assertThat(sent.getLast()).isEqualTo(new ChannelWindowAdjust(77, WINDOW / 2));
        assertThat(accepted.get().inbound().highWater()).isEqualTo(accepted.get().inbound().capacity());
    }

    @Test
    void messagesForUnknownChannelsAreConnectionErrors() {
        assertThatThrownBy(() -> layer.handle(new ChannelData(12345, new byte[1]).encode()))
                .isInstanceOf(SshProtocolException.class);
        assertThat(layer.isClosed()).isTrue();
    }

    @Test
    void malformedMessagesAreFormatErrors() {
        assertThatThrownBy(() -> layer.handle(new byte[] {(byte) 94, 0, 0})).isInstanceOf(SshFormatException.class);
        assertThatThrownBy(() -> new ConnectionLayer(p -> {}, ConnectionConfig.defaults())
                .handle(new byte[] {(byte) 94, 0, 0, 0, 0, 0x7f, 0, 0, 0, 1})).isInstanceOf(SshFormatException.class);
    }

    @Test
    void undefinedNumbersInTheConnectionRangeAreLeftToTheTransport() throws Exception {
        assertThat(layer.handle(new byte[] {(byte) 85, 1, 2})).isFalse();
        assertThat(layer.handle(new byte[] {(byte) 127})).isFalse();
        assertThat(layer.handle(new RequestFailure().encode())).isTrue();
        assertThat(layer.isClosed()).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void aConfirmationArrivingAfterTheOpenTimedOutIsAnsweredWithClose() throws Exception {
        ConnectionLayer client = new ConnectionLayer(p -> sent.add(ConnectionMessage.decode(p)),
                ConnectionConfig.defaults().withRequestTimeout(java.time.Duration.ofMillis(50)));
        assertThatThrownBy(() -> client.openChannel("session", new byte[0], null))
                .isInstanceOf(java.io.InterruptedIOException.class);
        ChannelOpen open = (ChannelOpen) sent.getFirst();
        assertThat(client.channelCount()).isEqualTo(1); // still waiting for the peer's answer
        client.handle(new ChannelOpenConfirmation(open.senderChannel(), 900, 1 << 20, 32768, new byte[0]).encode());
        assertThat(sent.getLast()).isEqualTo(new ChannelClose(900));
        client.handle(new ChannelClose(open.senderChannel()).encode());
        assertThat(client.channelCount()).isZero();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void windowAdjustOverflowIsAConnectionError() throws Exception {
        int id = openSink();
        assertThatThrownBy(() -> layer.handle(new ChannelWindowAdjust(id, 0xffffffffL).encode()))
                .isInstanceOf(SshProtocolException.class);
    }

    @Test
    void unsolicitedRepliesAreDroppedAndUnknownRequestsFail() throws Exception {
        layer.handle(new RequestSuccess(new byte[0]).encode());
        layer.handle(new RequestFailure().encode());
        int id = openSink();
        layer.handle(new ChannelSuccess(id).encode());
        assertThat(layer.isClosed()).isFalse();
        int before = sent.size();
        layer.handle(new GlobalRequest("keepalive@openssh.com", true, new byte[0]).encode());
        assertThat(sent.get(before)).isInstanceOf(RequestFailure.class);
        layer.handle(new GlobalRequest("no-reply-wanted", false, new byte[0]).encode());
        assertThat(sent).hasSize(before + 1);
        layer.handle(new ChannelRequest(id, "keepalive@openssh.com", true, new byte[0]).encode());
        assertThat(sent.getLast()).isEqualTo(new ChannelFailure(77));
    }

    @Test
    void closeIsAnsweredOnceAndFreesTheChannel() throws Exception {
        int id = openSink();
        layer.handle(new ChannelEof(id).encode());
        assertThat(accepted.get().inputStream().read()).isEqualTo(-1);
        accepted.get().outputStream().write(new byte[] {1, 2, 3}); // half-close: we may still send
        layer.handle(new ChannelClose(id).encode());
        assertThat(sent.stream().filter(m -> m instanceof ChannelClose).toList()).containsExactly(new ChannelClose(77));
        assertThat(layer.channelCount()).isZero();
        accepted.get().close();
        assertThat(sent.stream().filter(m -> m instanceof ChannelClose).count()).isEqualTo(1);
        assertThat(sent.getLast()).isEqualTo(new ChannelClose(77));
        // a message for the freed channel is now an error
        assertThatThrownBy(() -> layer.handle(new ChannelEof(id).encode())).isInstanceOf(SshProtocolException.class);
    }

    @Test
    void registeredGlobalHandlerAnswersWithData() throws Exception {
        layer.registerGlobalRequest("tcpip-forward", (name, data) -> Optional.of(new byte[] {0, 0, 0, 22}));
        layer.handle(new GlobalRequest("tcpip-forward", true, new byte[] {1}).encode());
        assertThat(((RequestSuccess) sent.getLast()).data()).containsExactly(0, 0, 0, 22);
    }
}

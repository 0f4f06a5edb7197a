package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Channels per connection are bounded (resource exhaustion by channel floods): a peer opening
 * channel after channel without closing any gets RESOURCE_SHORTAGE once the limit is reached.
 */
class ChannelLimitTest {
    @Test
    void channelOpensPastMaxChannelsAreRefusedWithResourceShortage() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        int max = ConnectionConfig.DEFAULT_MAX_CHANNELS;
        ConnectionLayer conn = new ConnectionLayer(sent::add, ConnectionConfig.defaults());
        conn.registerChannelType("session", in -> {
            try {
                in.accept(ChannelRequestHandler.REJECT_ALL);
            } catch (ChannelOpenException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < max + 10; i++) {
            assertThat(conn.handle(new ConnectionMessage.ChannelOpen("session", i, 1 << 20, 32768, new byte[0]).encode())).isTrue();
        }
        long confirmed = sent.stream().filter(p -> (p[0] & 0xff) == MessageNumbers.CHANNEL_OPEN_CONFIRMATION).count();
        List<byte[]> failures = sent.stream().filter(p -> (p[0] & 0xff) == MessageNumbers.CHANNEL_OPEN_FAILURE).toList();
        assertThat(confirmed).isEqualTo(max);
        assertThat(failures).hasSize(10);
        for (byte[] f : failures) {
            SshReader r = new SshReader(f);
            r.readByte();
            r.readInt();
            assertThat(r.readInt()).isEqualTo(ChannelOpenException.RESOURCE_SHORTAGE);
        }
    }
}

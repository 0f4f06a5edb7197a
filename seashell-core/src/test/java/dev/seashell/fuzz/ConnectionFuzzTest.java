package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ChannelRequestHandler;
import dev.seashell.connection.ConnectionConfig;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.ConnectionMessage;
import dev.seashell.wire.SshFormatException;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 4254 messages: each record's decoder, and the connection layer's state machine fed a sequence
 * of them (input split by {@link FuzzInputs}). "session" channels are accepted, so channel data,
 * window and request handling are reached.
 */
class ConnectionFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void messages(byte[] data) {
        ConnectionConfig cfg = new ConnectionConfig(64 * 1024, 32 * 1024, 8, Duration.ofSeconds(1));
        ConnectionLayer layer = new ConnectionLayer(payload -> { }, cfg);
        layer.registerChannelType("session", incoming -> {
            try {
                incoming.accept(ChannelRequestHandler.REJECT_ALL);
            } catch (ChannelOpenException e) {
                // Over the channel limit: rejected, as declared.
            }
        });
        for (byte[] m : FuzzInputs.split(data)) {
            try {
                ConnectionMessage.decode(m);
            } catch (SshFormatException declared) {
                // Not a well-formed connection message.
            }
            try {
                layer.handle(m);
            } catch (SshFormatException declared) {
                return; // The layer is closed now, as on a real connection.
            }
        }
        layer.transportClosed(new java.io.IOException("end of fuzz input"));
    }
}

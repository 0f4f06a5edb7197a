package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.transport.VersionExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/** The identification-string exchange (RFC 4253 §4.2), with and without a preamble before it. */
class VersionExchangeFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void receive(byte[] data) {
        for (boolean preamble : new boolean[] {true, false}) {
            try {
                VersionExchange.receive(new ByteArrayInputStream(data), preamble);
            } catch (IOException declared) {
                // SshFormatException, or the peer's stream ending: both are the declared outcome.
            }
        }
    }
}

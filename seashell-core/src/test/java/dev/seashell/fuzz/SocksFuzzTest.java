package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.forwarding.SocksFuzzAccess;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * The SOCKS4/4a/5 request parser of dynamic forwarding (-D): byte 0 picks the reply (success or one
 * of the open-failure reasons), the rest is what the SOCKS client sends. Refusals and truncated
 * requests are the parser's declared IOException.
 */
class SocksFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void request(byte[] data) {
        if (data.length == 0) return;
        int pick = data[0] & 0xff;
        try {
            SocksFuzzAccess.readAndReply(java.util.Arrays.copyOfRange(data, 1, data.length), (pick & 1) == 0, pick >> 1);
        } catch (IOException declared) {
            // Refused, unknown version or cut short.
        }
    }
}

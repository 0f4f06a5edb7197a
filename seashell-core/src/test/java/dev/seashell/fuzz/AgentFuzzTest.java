package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.agent.AgentFuzzAccess;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * ssh-agent frames (draft-miller-ssh-agent): the input is the byte stream a client writes to the
 * agent socket; every frame is decoded as a request and answered against a fresh keyring (add,
 * sign, remove, lock, session-bind), and also decoded as a response. The frame reader may throw its
 * declared IOException (SshFormatException for a bad length, EOFException for a cut frame).
 */
class AgentFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void frames(byte[] data) {
        try {
            AgentFuzzAccess.serve(data);
        } catch (IOException declared) {
            // A malformed or truncated frame ends the connection, as declared.
        }
    }
}

package dev.seashell.agent;

import dev.seashell.wire.SshFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * Test-only entry to the package-private agent decoders, for {@code dev.seashell.fuzz.AgentFuzzTest}:
 * a byte stream is read as agent frames, each decoded as a request (and answered against a fresh
 * keyring, as {@link AgentConnection#serve} does) and as a response (the client's side).
 */
public final class AgentFuzzAccess {
    private AgentFuzzAccess() {}

    /** Serves every frame of {@code stream}; throws only what the agent's reader declares. */
    public static void serve(byte[] stream) throws IOException {
        AgentServer.Options options = AgentServer.Options.defaults().withConfirmer(Confirmer.REFUSE);
        Keyring keyring = new Keyring(Clock.systemUTC());
        AgentConnection connection = new AgentConnection(keyring, options);
        InputStream in = new ByteArrayInputStream(stream);
        byte[] payload;
        while ((payload = AgentFrames.read(in)) != null) {
            try {
                AgentResponse.decode(payload);
            } catch (SshFormatException declared) {
                // Not a well-formed response.
            }
            AgentRequest request;
            try {
                request = AgentRequest.decode(payload);
            } catch (SshFormatException declared) {
                continue; // The agent answers FAILURE and keeps the connection.
            }
            // A failed unlock stalls the connection on purpose; the fuzzer checks the keyring, not the stall.
            if (request instanceof AgentRequest.Lock l && !l.lock()) {
                keyring.unlock(l.passphrase());
                continue;
            }
            connection.handle(request).encode();
        }
    }
}

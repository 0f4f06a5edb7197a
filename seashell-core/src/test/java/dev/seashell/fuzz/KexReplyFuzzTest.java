package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.transport.kex.KexAlgorithm;
import dev.seashell.transport.kex.KexInputs;
import dev.seashell.transport.kex.KexIo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The client side of every key-exchange method against a server whose replies are fuzz bytes: byte 0
 * picks the method, the rest is split into messages by {@link FuzzInputs}.
 */
class KexReplyFuzzTest {
    private static final KexAlgorithm[] METHODS = KexAlgorithm.values();
    private static final byte[] V_C = "SSH-2.0-client".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V_S = "SSH-2.0-server".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEXINIT = {20, 0, 0, 0, 0};

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void client(byte[] data) {
        if (data.length == 0) return;
        KexAlgorithm method = METHODS[(data[0] & 0xff) % METHODS.length];
        Iterator<byte[]> replies = FuzzInputs.split(Arrays.copyOfRange(data, 1, data.length)).iterator();
        KexIo io = new KexIo() {
            @Override
            public void send(byte[] payload) {
                // The fuzzed server ignores what the client says.
            }

            @Override
            public byte[] receive() throws IOException {
                if (!replies.hasNext()) throw new EOFException("no more fuzz replies");
                return replies.next();
            }
        };
        try {
            method.create().client(io, new KexInputs(V_C, V_S, KEXINIT, KEXINIT));
        } catch (IOException declared) {
            // SshProtocolException for bad replies, EOFException at the end of input.
        }
    }

    /** Keeps the method order stable for seeds: the index is the seed's first byte. */
    static List<KexAlgorithm> methods() {
        return List.of(METHODS);
    }
}

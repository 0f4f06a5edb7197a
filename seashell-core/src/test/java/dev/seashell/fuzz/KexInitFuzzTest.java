package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.transport.KexInit;
import dev.seashell.wire.SshFormatException;
import org.junit.jupiter.api.Timeout;

/** SSH_MSG_KEXINIT records: decode, and whatever decodes must survive a round trip. */
class KexInitFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void decode(byte[] data) {
        KexInit k;
        try {
            k = KexInit.decode(data);
        } catch (SshFormatException declared) {
            return;
        }
        try {
            KexInit again = KexInit.decode(k.encode());
            if (!again.kexAlgorithms().equals(k.kexAlgorithms())) throw new AssertionError("round trip changed " + k);
        } catch (SshFormatException e) {
            throw new AssertionError("re-encoded KEXINIT does not decode", e);
        }
    }
}

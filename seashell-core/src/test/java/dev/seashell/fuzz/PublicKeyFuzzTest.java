package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SignatureBlob;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Public key blobs, signature blobs and verification: message 1 is a key blob, message 2 a
 * signature blob, message 3 the signed data (split by {@link FuzzInputs}). {@code verify} must
 * answer false, never throw. The whole input also goes through the one-line text form.
 */
class PublicKeyFuzzTest {
    private static final SignatureAlgorithm[] ALGORITHMS = SignatureAlgorithm.values();

    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void decodeAndVerify(byte[] data) {
        List<byte[]> parts = FuzzInputs.split(data);
        byte[] blob = parts.isEmpty() ? data : parts.get(0);
        byte[] sig = parts.size() > 1 ? parts.get(1) : new byte[0];
        byte[] signed = parts.size() > 2 ? parts.get(2) : new byte[0];
        try {
            SignatureBlob.decode(sig);
        } catch (SshFormatException declared) {
            // Malformed signature blob.
        }
        try {
            PublicKeyLine.parse(new String(data, StandardCharsets.UTF_8));
        } catch (SshFormatException declared) {
            // Malformed key line.
        }
        SshPublicKey key;
        try {
            key = SshPublicKey.decode(blob);
        } catch (SshFormatException declared) {
            return;
        }
        key.blob();
        key.bits();
        key.jcaKey();
        for (SignatureAlgorithm alg : ALGORITHMS) {
            if (key.verify(alg, signed, sig)) throw new AssertionError("fuzz signature verified with " + alg);
        }
    }
}

package dev.seashell.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.wire.SshFormatException;
import org.junit.jupiter.api.Timeout;

/**
 * OpenSSH and PEM private key files. No passphrase is given: with one, a file may legitimately ask
 * for up to 100 000 bcrypt rounds, which is slow rather than wrong; unencrypted and "none"-cipher
 * files reach every field of the private section.
 */
class PrivateKeyFileFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void decode(byte[] data) {
        try {
            PrivateKeyFiles.isEncrypted(data);
        } catch (SshFormatException declared) {
            // Not a key file.
        }
        try {
            PrivateKeyFiles.publicKey(data);
        } catch (SshFormatException declared) {
            // Not an OpenSSH key file, or no readable public part.
        }
        try {
            PrivateKeyFiles.decode(data, null);
        } catch (SshFormatException declared) {
            // Malformed, or encrypted (PassphraseRequiredException is a subclass).
        }
    }
}

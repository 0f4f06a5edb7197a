package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys written by Seashell read by OpenSSH's ssh-keygen (run at test time; skipped when not installed). */
class SshKeygenWriteInteropTest {
    private static final String PASS = "correct horse";
    /** RSA generation is slow on a busy machine: one key serves the Seashell-written cases. */
    private static final SshKeyPair RSA = KeyGen.generate("rsa", 2048);

    @TempDir
    Path dir;

    @BeforeAll
    static void requireSshKeygen() {
        SshKeygen.assumeInstalled();
    }

    /** Seashell writes, ssh-keygen -y derives the same public line and -l the same fingerprint. */
    @ParameterizedTest(name = "{0} {1} encrypted={2}")
    @CsvSource({"ed25519,0,false", "ed25519,0,true", "ecdsa,256,false", "ecdsa,384,true", "ecdsa,521,true",
        "rsa,2048,false", "rsa,2048,true"})
    void sshKeygenReadsKeysWrittenBySeashell(String type, int bits, boolean encrypted) throws Exception {
        SshKeyPair pair = type.equals("rsa") ? ((RsaKeyPair) RSA).withComment("seashell@test") : KeyGen.generate(type, bits, "seashell@test");
        Path file = dir.resolve("key");
        int rounds = type.equals("ed25519") ? PrivateKeyFiles.DEFAULT_ROUNDS : 4;
        PrivateKeyFiles.write(file, pair, encrypted ? PASS.toCharArray() : null, rounds);
        String derived = SshKeygen.run("-y", "-P", encrypted ? PASS : "", "-f", file.toString()).strip();
        assertThat(derived).isEqualTo(new PublicKeyLine(pair.publicKey(), "seashell@test").format());
        // Without a .pub file, -l reads the public key stored in the clear in the private key file
        // (and the comment only if that is in the clear too).
        assertThat(SshKeygen.run("-l", "-f", file.toString()).strip())
                .isEqualTo(Fingerprints.describe(pair.publicKey(), encrypted ? "" : "seashell@test", "sha256"));
    }

    @Test
    void sshKeygenRejectsTheWrongPassphraseForOurKey() throws Exception {
        Path file = dir.resolve("key");
        PrivateKeyFiles.write(file, KeyGen.generate("ed25519", 0), PASS.toCharArray(), 4);
        assertThatThrownBy(() -> SshKeygen.run("-y", "-P", "wrong horse", "-f", file.toString())).hasMessageContaining("failed");
    }
}

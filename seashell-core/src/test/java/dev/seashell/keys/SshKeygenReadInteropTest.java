package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Keys written by OpenSSH's ssh-keygen (run at test time; skipped when not installed) read by Seashell. */
class SshKeygenReadInteropTest {
    private static final String PASS = "correct horse";
    private static final byte[] DATA = {1, 2, 3};

    @TempDir
    Path dir;

    @BeforeAll
    static void requireSshKeygen() {
        SshKeygen.assumeInstalled();
    }

    /** ssh-keygen -t type -b bits [-m format] [-N pass]: Seashell reads it and agrees with the .pub file. */
    @ParameterizedTest(name = "{0} {1} format={2} encrypted={3}")
    @CsvSource({
        "ed25519,256,RFC4716,false", "ed25519,256,RFC4716,true",
        "ecdsa,256,RFC4716,false", "ecdsa,256,RFC4716,true", "ecdsa,256,PEM,false", "ecdsa,256,PEM,true",
        "ecdsa,256,PKCS8,false", "ecdsa,256,PKCS8,true",
        "ecdsa,384,RFC4716,true", "ecdsa,384,PEM,false", "ecdsa,521,RFC4716,false", "ecdsa,521,PEM,true",
        "rsa,2048,RFC4716,false", "rsa,2048,RFC4716,true", "rsa,2048,PEM,false", "rsa,2048,PEM,true",
        "rsa,2048,PKCS8,false", "rsa,2048,PKCS8,true"})
    void readsKeysGeneratedBySshKeygen(String type, int bits, String format, boolean encrypted) throws Exception {
        Path file = dir.resolve("id");
        List<String> args = new ArrayList<>(List.of("-q", "-t", type, "-b", Integer.toString(bits), "-C", "interop test",
                "-N", encrypted ? PASS : "", "-f", file.toString()));
        if (!format.equals("RFC4716")) args.addAll(List.of("-m", format)); // RFC4716 here means ssh-keygen's own default
        if (!type.equals("ed25519")) args.addAll(List.of("-a", "4")); // fewer bcrypt rounds; Ed25519 keeps the default 16
        SshKeygen.run(args.toArray(String[]::new));

        PublicKeyLine pub = PublicKeyLine.parse(Files.readString(dir.resolve("id.pub")));
        byte[] content = Files.readAllBytes(file);
        assertThat(PrivateKeyFiles.isEncrypted(content)).isEqualTo(encrypted);
        SshKeyPair pair = PrivateKeyFiles.read(file, encrypted ? PASS.toCharArray() : null);
        assertThat(pair.publicKey().blob()).isEqualTo(pub.key().blob());
        if (Files.readString(file).contains("OPENSSH PRIVATE KEY")) assertThat(pair.comment()).isEqualTo("interop test");
        SignatureAlgorithm alg = pair.publicKey().signatureAlgorithms().getFirst();
        assertThat(pub.key().verify(alg, DATA, pair.sign(alg, DATA))).isTrue();

        if (encrypted) {
            assertThatThrownBy(() -> PrivateKeyFiles.read(file, null)).isInstanceOf(PassphraseRequiredException.class);
            assertThatThrownBy(() -> PrivateKeyFiles.read(file, "wrong horse".toCharArray())).isInstanceOf(WrongPassphraseException.class);
        }
        String pubPath = dir.resolve("id.pub").toString();
        assertThat(SshKeygen.run("-l", "-f", pubPath).strip()).isEqualTo(Fingerprints.describe(pub.key(), pub.comment(), "sha256"));
        assertThat(SshKeygen.run("-l", "-E", "md5", "-f", pubPath).strip()).isEqualTo(Fingerprints.describe(pub.key(), pub.comment(), "md5"));
    }

    /** ssh-keygen -Z: the other ciphers a key file may use. */
    @ParameterizedTest
    @CsvSource({"aes256-gcm@openssh.com", "aes128-ctr", "aes256-cbc"})
    void readsOtherKeyFileCiphers(String cipher) throws Exception {
        Path file = dir.resolve("id");
        SshKeygen.run("-q", "-t", "ed25519", "-a", "4", "-Z", cipher, "-N", PASS, "-C", "z", "-f", file.toString());
        SshKeyPair pair = PrivateKeyFiles.read(file, PASS.toCharArray());
        assertThat(pair.publicKey()).isEqualTo(PublicKeyLine.parse(Files.readString(dir.resolve("id.pub"))).key());
        assertThatThrownBy(() -> PrivateKeyFiles.read(file, "wrong horse".toCharArray())).isInstanceOf(WrongPassphraseException.class);
    }
}

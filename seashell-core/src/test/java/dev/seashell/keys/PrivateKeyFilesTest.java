package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrivateKeyFilesTest {
    /** ssh-keygen -t ed25519 -N pass -C "hello world" (OpenSSH 9.2): bcrypt, 16 rounds, aes256-ctr. */
    static final String OPENSSH_ENCRYPTED = """
            -----BEGIN OPENSSH PRIVATE KEY-----
            b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABDtMnBl10
            PkMKc9vZzXfXKWAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIFpgQRtwQ2soWc8N
            dRPF9e5CdGMTC5B3ODhMnJZrDFNoAAAAkJ5cnfkts3oX5h9WeM+/1Ow0IH2JSINu0DzaGT
            x+SWOWS4yhe0HiVyyjRYKuCDZHphSANTnpibxhjCpaICIRqERRBEH8DD2+yTKzYDq3eIjk
            i4PyQ+0QITTxnC8+cFZDCDlHsE7DHHl1Zmly+UVfiYKHLUJeGGmbc9y0qRp6npGQYgH0B2
            ytOtT+wIm9FtlijA==
            -----END OPENSSH PRIVATE KEY-----
            """;
    private static final byte[] DATA = "data".getBytes(StandardCharsets.UTF_8);

    @Test
    void decryptsKeyEncryptedByOpenSsh() throws Exception {
        byte[] file = OPENSSH_ENCRYPTED.getBytes(StandardCharsets.US_ASCII);
        assertThat(PrivateKeyFiles.isEncrypted(file)).isTrue();
        SshPublicKey expected = PublicKeyLine.parse(PublicKeyLineTest.LINE).key();
        assertThat(PrivateKeyFiles.publicKey(file)).isEqualTo(expected);
        SshKeyPair pair = PrivateKeyFiles.decode(file, "pass".toCharArray());
        assertThat(pair.publicKey()).isEqualTo(expected);
        assertThat(pair.comment()).isEqualTo("hello world");
        assertThat(pair.publicKey().verify(SignatureAlgorithm.SSH_ED25519, DATA, pair.sign(SignatureAlgorithm.SSH_ED25519, DATA))).isTrue();
    }

    @Test
    void wrongOrMissingPassphraseAreDistinguished() {
        byte[] file = OPENSSH_ENCRYPTED.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> PrivateKeyFiles.decode(file, "Pass".toCharArray())).isInstanceOf(WrongPassphraseException.class);
        assertThatThrownBy(() -> PrivateKeyFiles.decode(file, null)).isInstanceOf(PassphraseRequiredException.class);
        assertThatThrownBy(() -> PrivateKeyFiles.decode(file, new char[0])).isInstanceOf(PassphraseRequiredException.class);
    }

    @ParameterizedTest
    @CsvSource({"ed25519,0,", "ed25519,0,secret", "ecdsa,256,", "ecdsa,384,secret", "ecdsa,521,", "rsa,1024,", "rsa,1024,secret"})
    void roundTripsEveryKeyType(String type, int bits, String passphrase) throws Exception {
        SshKeyPair pair = KeyGen.generate(type, bits, "me@host");
        char[] pass = passphrase == null ? null : passphrase.toCharArray();
        byte[] file = PrivateKeyFiles.encode(pair, pass, 2);
        assertThat(PrivateKeyFiles.isEncrypted(file)).isEqualTo(pass != null);
        SshKeyPair read = PrivateKeyFiles.decode(file, pass);
        assertThat(read.publicKey().blob()).isEqualTo(pair.publicKey().blob());
        assertThat(read.comment()).isEqualTo("me@host");
        assertThat(read.getClass()).isEqualTo(pair.getClass());
        SignatureAlgorithm alg = read.publicKey().signatureAlgorithms().getFirst();
        assertThat(pair.publicKey().verify(alg, DATA, read.sign(alg, DATA))).isTrue();
    }

    @Test
    void plainSectionIsPaddedToEightWithOneTwoThree() throws Exception {
        SshKeyPair pair = KeyGen.generate("ed25519", 0, "c");
        byte[] bin = OpenSshKeyFormat.unarmor(new String(PrivateKeyFiles.encode(pair, null, 16), StandardCharsets.US_ASCII));
        SshReader r = new SshReader(bin, 15, bin.length - 15);
        assertThat(r.readString()).isEqualTo("none");
        assertThat(r.readString()).isEqualTo("none");
        assertThat(r.readBytes()).isEmpty();
        assertThat(r.readInt()).isEqualTo(1);
        assertThat(r.readBytes()).isEqualTo(pair.publicKey().blob());
        byte[] section = r.readBytes();
        r.expectEnd();
        assertThat(section.length % 8).isZero();
        SshReader s = new SshReader(section);
        assertThat(s.readInt()).isEqualTo(s.readInt());
        // 8 checkints + 15 type + 36 pk + 68 sk + 5 comment = 132: padding 1,2,3,4 to 136.
        assertThat(section).hasSize(136);
        assertThat(Arrays.copyOfRange(section, 132, 136)).containsExactly(1, 2, 3, 4);
    }

    @Test
    void corruptedFilesAreFormatErrors() throws Exception {
        SshKeyPair pair = KeyGen.generate("ed25519", 0, "c");
        byte[] bin = OpenSshKeyFormat.unarmor(new String(PrivateKeyFiles.encode(pair, null, 16), StandardCharsets.US_ASCII));
        byte[] badPadding = bin.clone();
        badPadding[badPadding.length - 1] = 9;
        byte[] badCheck = bin.clone();
        badCheck[bin.length - 136] ^= 1; // first checkint byte
        byte[] otherPublic = bin.clone();
        otherPublic[15 + 4 + 4 + 4 + 4 + 4 + 4 + 15 + 4] ^= 1; // first byte of the header's public key
        byte[] truncated = Arrays.copyOf(bin, bin.length - 8);
        for (byte[] b : new byte[][] {badPadding, badCheck, otherPublic, truncated}) {
            byte[] file = OpenSshKeyFormat.armor(b).getBytes(StandardCharsets.US_ASCII);
            assertThatThrownBy(() -> PrivateKeyFiles.decode(file, null)).isInstanceOf(SshFormatException.class);
        }
        assertThatThrownBy(() -> PrivateKeyFiles.decode(PublicKeyLineTest.LINE.getBytes(StandardCharsets.US_ASCII), null))
                .isInstanceOf(SshFormatException.class).hasMessageContaining("not a private key");
    }

    @Test
    void writesAtomicallyWithMode0600(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("id_ed25519");
        Files.writeString(file, "old contents");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        SshKeyPair pair = KeyGen.generate("ed25519", 0, "c");
        PrivateKeyFiles.write(file, pair, "pw".toCharArray(), 4);
        PrivateKeyFiles.writePublic(dir.resolve("id_ed25519.pub"), pair);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("id_ed25519.pub")))).isEqualTo("rw-r--r--");
        try (var listing = Files.list(dir)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("id_ed25519", "id_ed25519.pub");
        }
        assertThat(PrivateKeyFiles.read(file, "pw".toCharArray()).publicKey()).isEqualTo(pair.publicKey());
        assertThat(PublicKeyLine.parse(Files.readString(dir.resolve("id_ed25519.pub"))).key()).isEqualTo(pair.publicKey());
    }
}

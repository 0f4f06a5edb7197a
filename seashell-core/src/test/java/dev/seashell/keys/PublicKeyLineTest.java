package dev.seashell.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import org.junit.jupiter.api.Test;

class PublicKeyLineTest {
    /** Written by ssh-keygen 9.2 (see PrivateKeyFilesTest.OPENSSH_ENCRYPTED). */
    static final String LINE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFpgQRtwQ2soWc8NdRPF9e5CdGMTC5B3ODhMnJZrDFNo hello world";

    @Test
    void parsesTypeKeyAndCommentWithSpaces() throws Exception {
        PublicKeyLine line = PublicKeyLine.parse(LINE + "\r\n");
        assertThat(line.key().keyType()).isEqualTo("ssh-ed25519");
        assertThat(line.comment()).isEqualTo("hello world");
        assertThat(line.format()).isEqualTo(LINE);
    }

    @Test
    void commentIsOptional() throws Exception {
        String noComment = LINE.substring(0, LINE.indexOf(" hello"));
        PublicKeyLine line = PublicKeyLine.parse(noComment);
        assertThat(line.comment()).isEmpty();
        assertThat(line.format()).isEqualTo(noComment);
    }

    @Test
    void fingerprintsMatchWhatSshKeygenPrinted() throws Exception {
        SshPublicKey key = PublicKeyLine.parse(LINE).key();
        // ssh-keygen -l -f / -E md5 on this key, recorded.
        assertThat(Fingerprints.describe(key, "hello world", "sha256"))
                .isEqualTo("256 SHA256:OoEJ9o8QsOZa38wM/FF0u0MRvtMqwKneCkdpkA+IGNg hello world (ED25519)");
        assertThat(Fingerprints.md5(key)).isEqualTo("MD5:fd:db:2c:29:1d:7f:ab:88:f3:5f:cb:ec:73:3d:4a:44");
        assertThat(Fingerprints.describe(key, "", "md5")).endsWith(" no comment (ED25519)");
    }

    @Test
    void rejectsMismatchedTypeAndBadBase64() {
        assertThatThrownBy(() -> PublicKeyLine.parse(LINE.replace("ssh-ed25519 ", "ssh-rsa ")))
                .isInstanceOf(SshFormatException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> PublicKeyLine.parse("ssh-ed25519 AAAA*!!")).isInstanceOf(SshFormatException.class);
        assertThatThrownBy(() -> PublicKeyLine.parse("ssh-ed25519")).isInstanceOf(SshFormatException.class);
        assertThatThrownBy(() -> PublicKeyLine.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5")).isInstanceOf(SshFormatException.class);
    }
}

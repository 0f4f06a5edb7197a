package dev.seashell.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a refused host key reports: host, port, key type, and both fingerprints. */
class HostKeyMismatchExceptionTest {
    @Test
    void carriesHostKeyTypeAndBothFingerprints() {
        SshPublicKey recorded = KeyGen.generate("ssh-ed25519", 0).publicKey();
        SshPublicKey offered = KeyGen.generate("ssh-ed25519", 0).publicKey();
        HostKeyMismatchException e = HostKeyMismatchException.of("example.org", 2222, offered, List.of(recorded));
        assertThat(e.host()).isEqualTo("example.org");
        assertThat(e.port()).isEqualTo(2222);
        assertThat(e.keyType()).isEqualTo("ssh-ed25519");
        assertThat(e.offeredFingerprint()).isEqualTo(Fingerprints.sha256(offered)).startsWith("SHA256:");
        assertThat(e.expectedFingerprints()).containsExactly(Fingerprints.sha256(recorded));
        assertThat(e.getMessage()).contains("[example.org]:2222", Fingerprints.sha256(offered), Fingerprints.sha256(recorded));
    }

    @Test
    void aCallersMessageIsKeptVerbatim() {
        HostKeyMismatchException e = new HostKeyMismatchException("Host key verification failed.", "h", 22, "ssh-rsa",
                List.of("SHA256:a"), "SHA256:b");
        assertThat(e.getMessage()).isEqualTo("Host key verification failed.");
        assertThat(e.expectedFingerprints()).containsExactly("SHA256:a");
    }
}

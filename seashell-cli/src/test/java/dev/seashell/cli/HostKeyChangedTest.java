package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.Fingerprints;
import dev.seashell.cli.UserKeyServer.Run;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshKeyPair;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host key that differs from known_hosts: refused with OpenSSH's warning, now raised as the library's
 * {@code HostKeyMismatchException} and printed from its message.
 */
class HostKeyChangedTest {
    static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    @RegisterExtension static final UserKeyServer SERVER = new UserKeyServer(HOST_KEY);
    @TempDir static Path dir;

    @Test
    void changedHostKeyIsRefusedWithOpenSshsWarning() throws Exception {
        Path kh = dir.resolve("kh-changed");
        KnownHosts.add(kh, "127.0.0.1", SERVER.port(), KeyGen.generate("ed25519", 0).publicKey(), false);
        Run r = SERVER.ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=yes",
                "127.0.0.1", "true");
        int status = r.status();
        String stderr = r.stderr();
        String name = "[127.0.0.1]:" + SERVER.port();
        assertThat(status).as(stderr).isEqualTo(255);
        assertThat(stderr).contains("@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @")
                .contains("The fingerprint for the ED25519 key sent by the remote host is\n"
                        + Fingerprints.sha256(HOST_KEY.publicKey()) + ".")
                .contains("Offending ED25519 key in " + kh + ":1")
                .contains("Host key for " + name + " has changed and you have requested strict checking.")
                .endsWith("Host key verification failed.\n");
    }
}

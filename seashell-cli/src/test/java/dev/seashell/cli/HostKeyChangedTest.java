package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host key that differs from known_hosts: refused with OpenSSH's warning, now raised as the library's
 * {@code HostKeyMismatchException} and printed from its message.
 */
class HostKeyChangedTest {
    static SshServer server;
    static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    @TempDir static Path dir;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        SshKeyPair user = KeyGen.generate("ed25519", 0, "u");
        key = dir.resolve("id");
        PrivateKeyFiles.write(key, user, null, 16);
        server = SshServer.builder().port(0).hostKey(HOST_KEY).publicKeys((u, k, a) -> k.equals(user.publicKey()))
                .sessions(new Sessions(Map.of())).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void changedHostKeyIsRefusedWithOpenSshsWarning() throws Exception {
        Path kh = dir.resolve("kh-changed");
        KnownHosts.add(kh, "127.0.0.1", server.port(), KeyGen.generate("ed25519", 0).publicKey(), false);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = new SshCommand().run(List.of("-F", "/dev/null", "-n", "-p", String.valueOf(server.port()),
                    "-i", key.toString(), "-o", "BatchMode=yes", "-o", "UserKnownHostsFile=" + kh,
                    "-o", "StrictHostKeyChecking=yes", "127.0.0.1", "true").toArray(String[]::new));
        } finally {
            System.setErr(saved);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        String name = "[127.0.0.1]:" + server.port();
        assertThat(status).as(stderr).isEqualTo(255);
        assertThat(stderr).contains("@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @")
                .contains("The fingerprint for the ED25519 key sent by the remote host is\n"
                        + Fingerprints.sha256(HOST_KEY.publicKey()) + ".")
                .contains("Offending ED25519 key in " + kh + ":1")
                .contains("Host key for " + name + " has changed and you have requested strict checking.")
                .endsWith("Host key verification failed.\n");
    }
}

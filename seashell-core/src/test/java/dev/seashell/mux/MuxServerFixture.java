package dev.seashell.mux;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the mux interop tests share: one OpenSSH sshd per class, a key it accepts, and ways to reach it. */
abstract class MuxServerFixture {
    static OpenSshClient.UserKey key;
    static OpenSshServer sshd;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() {
        OpenSsh.assumeSshd();
        key = OpenSshClient.newUserKey();
        sshd = OpenSshServer.builder().hostKeyTypes("ed25519").authorizedKey(key.publicLine()).start();
    }

    @AfterAll
    static void stopServer() {
        if (sshd != null) sshd.close();
    }

    /** A Seashell connection to the sshd as the current user. */
    static SshClient connect() throws IOException {
        var auth = new ClientUserAuth.Options(System.getProperty("user.name"), List.of(PrivateKeyFiles.read(key.privateKey(), null)),
                null, null, List.of("publickey"), 0, "127.0.0.1");
        return SshClient.connect(sshd.host(), sshd.port(), new SshClient.Options(
                TransportConfig.defaults().withKex(List.of("curve25519-sha256")), k -> { }, auth, Duration.ofSeconds(10), null, null));
    }

    /** OpenSSH's ssh with {@code -S sock}. */
    static OpenSshClient ssh(Path sock, String... args) {
        return OpenSshClient.to(sshd).identity(key).args("-S", sock.toString()).args(args).timeout(Duration.ofSeconds(20));
    }
}

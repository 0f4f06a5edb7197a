package dev.seashell.cli;

import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run for the JDK's ahead-of-time cache (JEP 483/514/515): one real {@code ssh host true}
 * through the CLI code path against an in-process server, so the classes a cold {@code seashell ssh}
 * needs are loaded, linked and profiled once at build time instead of at every start.
 */
final class AotTraining {
    private AotTraining() {}

    static int run() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("seashell-aot");
            SshKeyPair user = KeyGen.generate("ed25519", 0, "aot");
            Path key = dir.resolve("id_ed25519");
            PrivateKeyFiles.write(key, user, null, PrivateKeyFiles.DEFAULT_ROUNDS);
            SessionHandler ok = new SessionHandler() {
                @Override
                public boolean exec(ServerSession s, String command) {
                    Thread.ofVirtual().start(() -> s.exit(0));
                    return true;
                }
            };
            int status;
            try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                    .publicKeys((u, k, a) -> k.equals(user.publicKey())).sessions((u, r, l) -> ok).start()) {
                status = new SshCommand().run(new String[] {"-F", "/dev/null", "-q", "-p", String.valueOf(server.port()),
                        "-i", key.toString(), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                        "-o", "StrictHostKeyChecking=accept-new", "-o", "BatchMode=yes", "127.0.0.1", "true"});
            }
            return status;
        } catch (IOException e) {
            System.err.println("aot-train: " + e.getMessage());
            return 1;
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp dir left behind
                }
            }
        }
    }
}

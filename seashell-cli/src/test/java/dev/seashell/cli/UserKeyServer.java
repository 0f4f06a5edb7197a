package dev.seashell.cli;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension: for one test class, a seashell server on a loopback port with a given host key that lets in one
 * fresh ed25519 user key, plus {@link #ssh} to run {@code seashell ssh} against it with stderr captured.
 */
final class UserKeyServer implements BeforeAllCallback, AfterAllCallback {
    /** System.err is global: one captured run at a time across the test classes sharing this helper. */
    private static final Object STDERR = new Object();

    private final SshKeyPair hostKey;
    private Path dir;
    private Path key;
    private SshServer server;

    UserKeyServer(SshKeyPair hostKey) {
        this.hostKey = hostKey;
    }

    /** The exit status and everything printed to stderr of one {@code seashell ssh} run. */
    record Run(int status, String stderr) {}

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SshKeyPair user = KeyGen.generate("ed25519", 0, "u");
        dir = Files.createTempDirectory("seashell-userkey");
        key = dir.resolve("id");
        PrivateKeyFiles.write(key, user, null, 16);
        server = SshServer.builder().port(0).hostKey(hostKey).publicKeys((u, k, a) -> k.equals(user.publicKey()))
                .sessions(new Sessions(Map.of())).start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
        if (key != null) {
            Files.deleteIfExists(key);
            Files.deleteIfExists(dir);
        }
    }

    int port() {
        return server.port();
    }

    /** Runs {@code seashell ssh -F /dev/null -n -p PORT -i KEY -o BatchMode=yes EXTRA...} in-process. */
    Run ssh(String... extra) {
        synchronized (STDERR) {
            PrintStream saved = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                List<String> args = new ArrayList<>(List.of("-F", "/dev/null", "-n", "-p", String.valueOf(port()),
                        "-i", key.toString(), "-o", "BatchMode=yes"));
                args.addAll(List.of(extra));
                int status = new SshCommand().run(args.toArray(String[]::new));
                return new Run(status, err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(saved);
            }
        }
    }
}

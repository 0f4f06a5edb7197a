package dev.seashell.cli;

import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run for the JDK's ahead-of-time cache (JEP 483/514/515): one real {@code ssh host true}
 * through the CLI code path against an in-process server, so the classes a cold {@code seashell ssh}
 * needs are loaded, linked and profiled once at build time instead of at every start. Then one short
 * transfer each way per cipher, with the key exchanges OpenSSH 9.2 servers pick (sntrup761x25519, which
 * has no ML-KEM; curve25519), so those classes are cached and the packet path's method profiles let the
 * JIT compile it early in a bulk transfer.
 */
final class AotTraining {
    private AotTraining() {}

    /** Per direction and cipher: enough packets for the hot methods to be profiled, short at build time. */
    private static final int BULK_BYTES = 8 * 1024 * 1024;
    private static final String[][] BULK = {
        {"sntrup761x25519-sha512@openssh.com", "chacha20-poly1305@openssh.com", null},
        {"curve25519-sha256", "aes128-gcm@openssh.com", null},
        {"sntrup761x25519-sha512", "aes256-gcm@openssh.com", null},
        {"curve25519-sha256", "aes128-ctr", "hmac-sha2-256-etm@openssh.com"},
    };

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
                    Thread.ofVirtual().start(() -> {
                        try {
                            if (command.equals("down")) s.stdout().write(new byte[BULK_BYTES]);
                            if (command.equals("up")) s.stdin().transferTo(OutputStream.nullOutputStream());
                        } catch (IOException e) {
                            // the training client went away: its status says so
                        }
                        s.exit(0);
                    });
                    return true;
                }
            };
            int status;
            try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                    .publicKeys((u, k, a) -> k.equals(user.publicKey())).sessions((u, r, l) -> ok).start()) {
                List<String> base = List.of("-F", "/dev/null", "-q", "-p", String.valueOf(server.port()),
                        "-i", key.toString(), "-o", "UserKnownHostsFile=" + dir.resolve("known_hosts"),
                        "-o", "StrictHostKeyChecking=accept-new", "-o", "BatchMode=yes");
                status = ssh(base, List.of("127.0.0.1", "true"));
                status |= withConfigAndMaster(dir, base);
                InputStream stdin = System.in;
                try {
                    for (String[] b : BULK) {
                        List<String> algs = new ArrayList<>(List.of("-o", "KexAlgorithms=" + b[0], "-c", b[1]));
                        if (b[2] != null) algs.addAll(List.of("-m", b[2]));
                        status |= ssh(base, algs, List.of("127.0.0.1", "down"));
                        System.setIn(new ByteArrayInputStream(new byte[BULK_BYTES]));
                        status |= ssh(base, algs, List.of("127.0.0.1", "up"));
                    }
                } finally {
                    System.setIn(stdin);
                }
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

    /**
     * What a real start reads and runs beyond {@code -F /dev/null}: an ssh_config with Include, Host and
     * Match blocks and a %C ControlPath, then a master ({@code -M -N}) in this JVM and one {@code ssh -S
     * sock host true} through it (the mux client, fd passing, its FFM calls), then {@code -O exit}.
     */
    private static int withConfigAndMaster(Path dir, List<String> base) throws IOException {
        Path confD = Files.createDirectories(dir.resolve("config.d"));
        Files.writeString(confD.resolve("a.conf"), "Host nothing-matches\n    User nobody\n");
        Path config = dir.resolve("config");
        Files.writeString(config, "Include " + confD + "/*.conf\n"
                + "Host 127.0.0.1 localhost\n    ServerAliveCountMax 3\n"
                + "Match host 127.0.0.1,!nothing user *\n    ControlPath " + dir + "/cm-%C\n"
                + "Host *\n    SendEnv LANG LC_*\n    HashKnownHosts yes\n    GSSAPIAuthentication yes\n");
        List<String> withConfig = new ArrayList<>(base);
        withConfig.set(withConfig.indexOf("/dev/null"), config.toString());
        int status = ssh(withConfig, List.of("-o", "ControlMaster=no", "127.0.0.1", "true"));
        Path socket = dir.resolve("mux.sock");
        List<String> mux = new ArrayList<>(withConfig);
        mux.addAll(List.of("-S", socket.toString()));
        int[] masterStatus = {1};
        Thread master = Thread.ofPlatform().name("aot-master").start(() -> {
            try {
                masterStatus[0] = ssh(mux, List.of("-M", "-N", "127.0.0.1"));
            } catch (IOException e) {
                masterStatus[0] = 1;
            }
        });
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.exists(socket) && master.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // polling for the master's socket, bounded by the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (Files.exists(socket)) {
            status |= ssh(mux, List.of("-n", "127.0.0.1", "true"));
            status |= ssh(mux, List.of("-O", "check", "127.0.0.1"));
            status |= ssh(mux, List.of("-O", "exit", "127.0.0.1"));
        } else {
            status = 1;
        }
        try {
            master.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return status | masterStatus[0];
    }

    @SafeVarargs
    private static int ssh(List<String>... parts) throws IOException {
        List<String> args = new ArrayList<>();
        for (List<String> p : parts) args.addAll(p);
        return new SshCommand().run(args.toArray(String[]::new));
    }
}

package dev.seashell.cli;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Keys, servers and command runners shared by the sftp and scp tests. */
final class TransferFixtures {
    /** A user key on disk, its authorized_keys line, and a known_hosts file to fill. */
    record Client(Path key, String publicLine, SshKeyPair pair, Path knownHosts) {}

    /** What a command printed and returned. */
    record Outcome(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private TransferFixtures() {}

    static Client client(Path dir) throws IOException {
        SshKeyPair key = KeyGen.generate("ed25519", 0, "transfer-test");
        Path file = dir.resolve("id_ed25519");
        PrivateKeyFiles.write(file, key, null, 16);
        return new Client(file, new PublicKeyLine(key.publicKey(), "transfer-test").format(), key, dir.resolve("known_hosts"));
    }

    static OpenSshServer openSsh(Client c) throws IOException {
        OpenSshServer sshd = OpenSshServer.builder().authorizedKey(c.publicLine()).start();
        Files.writeString(c.knownHosts(), sshd.knownHostsLine() + "\n");
        return sshd;
    }

    /** A Seashell server in this JVM serving internal-sftp; its host key goes into the client's known_hosts. */
    static SshServer seashell(Client c) throws IOException {
        SshKeyPair hostKey = KeyGen.generate("ed25519", 0);
        SshServer server = SshServer.builder().port(0).hostKey(hostKey)
                .publicKeys((u, k, a) -> k.equals(c.pair().publicKey()))
                .sessions(new Sessions(Map.of("sftp", "internal-sftp"))).start();
        Files.writeString(c.knownHosts(), "[127.0.0.1]:" + server.port() + " "
                + new PublicKeyLine(hostKey.publicKey(), "").format().strip() + "\n");
        return server;
    }

    /** The ssh options every command gets: the key, the known hosts, no prompts. */
    static List<String> sshArgs(Client c, int port) {
        return List.of("-P", String.valueOf(port), "-i", c.key().toString(), "-o", "UserKnownHostsFile=" + c.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-o", "KexAlgorithms=curve25519-sha256"); // sntrup761 costs seconds per test on a busy machine
    }

    static String[] args(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(Arrays.asList(rest));
        return all.toArray(String[]::new);
    }

    static Outcome sftp(Path localDir, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SftpCommand(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), localDir).run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome scp(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ScpCommand(new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Outcome(code, "", err.toString(StandardCharsets.UTF_8));
    }

    /** The command line of a child JVM running seashell with {@code args}. */
    static List<String> childJvm(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), TransferLauncher.class.getName()));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static ProcessRunner.Result runChild(Path dir, String stdin, String... args) {
        return ProcessRunner.command(childJvm(args)).directory(dir).stdin(stdin).timeout(Duration.ofSeconds(60)).run();
    }

    static byte[] randomFile(Path p, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.write(p, data);
        return data;
    }
}

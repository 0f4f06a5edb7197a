package dev.seashell.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.transport.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 MiB of pseudo-random bytes up through {@code tee} and back down, byte-exact, while both ends
 * re-key every MiB: OpenSSH's ssh against Seashell's server, and Seashell's client against OpenSSH's
 * sshd. The remote side reports the SHA-256 of what it received on stderr (upload check); the
 * digest of what came back checks the download. Rekeys are counted in OpenSSH's debug log.
 */
class BulkRekeyInteropTest {
    private static final long SIZE = 64L << 20;
    private static final long REKEY = 1L << 20;
    /** Each side re-keys after 1 MiB per direction; 64 MiB each way gives well over this many. */
    private static final int MIN_REKEYS = 32;
    private static final String KEXINIT_RECEIVED = "SSH2_MSG_KEXINIT received";
    /** Over a hundred key exchanges per run: a cheap one keeps the suite inside its time budget. */
    private static final String KEX = "curve25519-sha256";
    /** One AEAD mode per pairing: GCM (AES-NI in the JDK) one way, ChaCha20-Poly1305 the other. */
    private static final String CIPHER_UP = "aes128-gcm@openssh.com";
    private static final String CIPHER_DOWN = "chacha20-poly1305@openssh.com";

    @TempDir
    Path dir;

    /** The remote command: echo stdin back while keeping a copy, then print the copy's SHA-256 on stderr. */
    private String teeCommand() {
        Path copy = dir.resolve("received.bin");
        return "tee " + copy + "; sha256sum " + copy + " >&2; rm -f " + copy;
    }

    private static String remoteDigest(String stderr) {
        return Interop.find(stderr, "^([0-9a-f]{64})  ");
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void openSshClientToSeashellServer() throws Exception {
        OpenSsh.assumeSsh();
        SshKeyPair hostKey = KeyGen.generate("ed25519", 0, "bulk-host");
        Path userKeyFile = dir.resolve("id_ed25519");
        OpenSsh.keygen("ed25519", 0, userKeyFile, "bulk-user");
        String authorized = Files.readString(OpenSsh.publicKeyFile(userKeyFile)).strip();
        byte[] authorizedBlob = PublicKeyLine.parse(authorized).key().blob();
        try (SshServer server = SshServer.builder()
                .transport(TransportConfig.defaults().withKex(List.of(KEX)).withRekey(REKEY, null))
                .hostKey(hostKey)
                .port(0)
                .publicKeys((user, key, addr) -> java.util.Arrays.equals(key.blob(), authorizedBlob))
                .sessions((user, remote, local) -> ProcessCommandHandler.forCurrentUser(null, null))
                .start()) {
            Path knownHosts = Interop.write(dir.resolve("known_hosts"), Interop.knownHosts(server.port(), List.of(hostKey)));
            List<String> argv = OpenSshClient.to(server.port())
                    .identity(userKeyFile)
                    .option("RekeyLimit=1M")
                .option("KexAlgorithms=" + KEX)
                .option("Ciphers=" + CIPHER_UP)
                    .args("-v")
                    .commandLine(knownHosts, teeCommand());
            Path stderrFile = dir.resolve("ssh.stderr");
            Process ssh = new ProcessBuilder(argv).redirectError(stderrFile.toFile()).start();
            long start = System.nanoTime();
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return Interop.sendRandom(ssh.getOutputStream(), SIZE, 42);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Interop.Digest back;
            try {
                back = Interop.digest(ssh.getInputStream());
                assertThat(ssh.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                ssh.destroyForcibly();
            }
            String stderr = Files.readString(stderrFile);
            long millis = (System.nanoTime() - start) / 1_000_000;
            int rekeys = Interop.count(stderr, KEXINIT_RECEIVED) - 1;
            System.out.printf("OpenSSH ssh -> Seashell server (%s, %s): 2 x %d MiB in %d ms, %d rekeys seen by ssh%n",
                    KEX, CIPHER_UP, SIZE >> 20, millis, rekeys);
            String describe = "ssh exit " + ssh.exitValue() + "; stderr tail:\n" + tail(stderr);
            assertThat(ssh.exitValue()).as(describe).isZero();
            String sentDigest = sent.get(10, TimeUnit.SECONDS);
            assertThat(remoteDigest(stderr)).as("upload digest; " + describe).isEqualTo(sentDigest);
            assertThat(back.bytes()).as(describe).isEqualTo(SIZE);
            assertThat(back.sha256()).as("download digest; " + describe).isEqualTo(sentDigest);
            assertThat(rekeys).as(describe).isGreaterThanOrEqualTo(MIN_REKEYS);
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void seashellClientToOpenSshServer() throws Exception {
        OpenSsh.assumeSshd();
        Path userKeyFile = dir.resolve("id_ed25519");
        OpenSsh.keygen("ed25519", 0, userKeyFile, "bulk-user");
        SshKeyPair userKey = PrivateKeyFiles.read(userKeyFile, null);
        try (OpenSshServer sshd = OpenSshServer.builder()
                .hostKeyTypes("ed25519")
                .authorizedKey(Files.readString(OpenSsh.publicKeyFile(userKeyFile)).strip())
                .config("RekeyLimit 1M", "LogLevel DEBUG1")
                .start();
             SshClient client = SeashellClientToOpenSshServerTest.connect(sshd.port(),
                     TransportConfig.defaults().withKex(List.of(KEX)).withCiphers(List.of(CIPHER_DOWN)).withRekey(REKEY, null),
                     key -> { }, userKey);
             ClientSession session = client.openSession()) {
            long start = System.nanoTime();
            session.exec(teeCommand());
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return Interop.sendRandom(session.stdin(), SIZE, 7);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CompletableFuture<Void> errPump = CompletableFuture.runAsync(() -> {
                try {
                    session.stderr().transferTo(err);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Interop.Digest back = Interop.digest(session.stdout());
            errPump.get(30, TimeUnit.SECONDS);
            int status = session.exitStatus(Duration.ofSeconds(30)).orElse(-1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String stderr = err.toString(StandardCharsets.UTF_8);
            int rekeys = Interop.count(sshd.log(), KEXINIT_RECEIVED) - 1;
            System.out.printf("Seashell client -> OpenSSH sshd: 2 x %d MiB in %d ms, %d rekeys seen by sshd (%s)%n",
                    SIZE >> 20, millis, rekeys, client.transport().negotiated().describe());
            String describe = "status " + status + ", stderr " + stderr + "\nsshd log tail:\n" + tail(sshd.log());
            String sentDigest = sent.get(10, TimeUnit.SECONDS);
            assertThat(status).as(describe).isZero();
            assertThat(remoteDigest(stderr)).as("upload digest; " + describe).isEqualTo(sentDigest);
            assertThat(back.bytes()).as(describe).isEqualTo(SIZE);
            assertThat(back.sha256()).as("download digest; " + describe).isEqualTo(sentDigest);
            assertThat(rekeys).as(describe).isGreaterThanOrEqualTo(MIN_REKEYS);
        }
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's host-key decisions end to end: hashed entries, accept-new, CheckHostIP. */
class HostKeyMessagesTest {
    static SshServer server;
    static SshKeyPair hostKey = KeyGen.generate("ed25519", 0);
    @TempDir static Path dir;
    static Path key;

    @BeforeAll
    static void start() throws Exception {
        SshKeyPair user = KeyGen.generate("ed25519", 0, "u");
        key = dir.resolve("id");
        PrivateKeyFiles.write(key, user, null, 16);
        server = SshServer.builder().port(0).hostKey(hostKey).publicKeys((u, k, a) -> k.equals(user.publicKey()))
                .sessions(new Sessions(Map.of())).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Run(int status, String stderr) {}

    static synchronized Run ssh(String... extra) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            List<String> args = new java.util.ArrayList<>(List.of("-F", "/dev/null", "-n", "-p", String.valueOf(server.port()),
                    "-i", key.toString(), "-o", "BatchMode=yes", "-o", "KexAlgorithms=curve25519-sha256"));
            args.addAll(List.of(extra));
            int status = new SshCommand().run(args.toArray(String[]::new));
            return new Run(status, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void acceptNewWithCheckHostIpRecordsNameAndAddress() throws Exception {
        Path kh = dir.resolve("kh-ip");
        Run r = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=accept-new", "-o", "CheckHostIP=yes",
                "localhost", "true");
        assertThat(r.status()).as(r.stderr()).isZero();
        String p = String.valueOf(server.port());
        assertThat(r.stderr()).contains("Warning: Permanently added '[localhost]:" + p + ",[127.0.0.1]:" + p + "' (ED25519)");
        assertThat(Files.readAllLines(kh)).hasSize(2);
        // Second time both are known: silent.
        Run again = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=yes", "-o", "CheckHostIP=yes", "localhost", "true");
        assertThat(again.status()).isZero();
        assertThat(again.stderr()).doesNotContain("Warning");
    }

    @Test
    void hashedKnownHostsEntriesAreWrittenAndMatched() throws Exception {
        Path kh = dir.resolve("kh-hashed");
        Run r = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=accept-new", "-o", "HashKnownHosts=yes",
                "127.0.0.1", "true");
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(Files.readString(kh)).startsWith("|1|").doesNotContain("127.0.0.1");
        Run again = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=yes", "127.0.0.1", "true");
        assertThat(again.status()).as(again.stderr()).isZero();
    }

    /** ssh -b: the connection comes from the chosen local address (seen by the server as SSH_CLIENT). */
    @Test
    void bindAddressChoosesTheSourceAddress() throws Exception {
        Path kh = dir.resolve("kh-bind");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        Run r;
        try {
            r = ssh("-b", "127.0.0.2", "-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=accept-new",
                    "127.0.0.1", "echo $SSH_CLIENT");
        } finally {
            System.setOut(saved);
        }
        assertThat(r.status()).as(r.stderr()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("127.0.0.2 ");
    }

    @Test
    void revokedHostKeyIsRefusedWithOpenSshsWarning() throws Exception {
        Path kh = dir.resolve("kh-revoked");
        Files.writeString(kh, "@revoked * " + new dev.seashell.keys.PublicKeyLine(hostKey.publicKey(), "").format() + "\n");
        Run r = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=no", "127.0.0.1", "true");
        assertThat(r.status()).isEqualTo(255);
        assertThat(r.stderr()).contains("WARNING: REVOKED HOST KEY DETECTED!")
                .contains("The ED25519 host key for [127.0.0.1]:" + server.port() + " is marked as revoked.")
                .contains("Host key verification failed.");
    }
}

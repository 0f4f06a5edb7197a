package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.UserKeyServer.Run;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The client's host-key decisions end to end: hashed entries, accept-new, CheckHostIP. */
class HostKeyMessagesTest {
    static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);
    @RegisterExtension static final UserKeyServer SERVER = new UserKeyServer(HOST_KEY);
    @TempDir static Path dir;

    static Run ssh(String... extra) {
        List<String> args = new ArrayList<>(List.of("-o", "KexAlgorithms=curve25519-sha256"));
        args.addAll(List.of(extra));
        return SERVER.ssh(args.toArray(String[]::new));
    }

    @Test
    void acceptNewWithCheckHostIpRecordsNameAndAddress() throws Exception {
        Path kh = dir.resolve("kh-ip");
        Run r = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=accept-new", "-o", "CheckHostIP=yes",
                "localhost", "true");
        assertThat(r.status()).as(r.stderr()).isZero();
        String p = String.valueOf(SERVER.port());
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
        Files.writeString(kh, "@revoked * " + new dev.seashell.keys.PublicKeyLine(HOST_KEY.publicKey(), "").format() + "\n");
        Run r = ssh("-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=no", "127.0.0.1", "true");
        assertThat(r.status()).isEqualTo(255);
        assertThat(r.stderr()).contains("WARNING: REVOKED HOST KEY DETECTED!")
                .contains("The ED25519 host key for [127.0.0.1]:" + SERVER.port() + " is marked as revoked.")
                .contains("Host key verification failed.");
    }
}

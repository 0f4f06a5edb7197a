package dev.seashell.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.client.SshClient;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SftpExample} against a real OpenSSH sshd and its sftp-server. */
class SftpExampleTest {
    @TempDir Path tmp;

    @Test
    void uploadsAndDownloadsTheSameBytes() throws IOException {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        byte[] data = new byte[1_000_003];
        new Random(11).nextBytes(data);
        Path local = Files.write(tmp.resolve("local.bin"), data);
        Path remote = tmp.resolve("remote.bin");
        try (OpenSshServer sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
             SshClient ssh = SshClient.builder(sshd.host(), sshd.port())
                     .knownHosts(Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine()))
                     .identity(key.privateKey())
                     .connect()) {

            boolean same = SftpExample.roundTrip(ssh, local, remote.toString(), tmp.resolve("copy.bin"));

            assertThat(same).isTrue();
            assertThat(Files.readAllBytes(remote)).isEqualTo(data); // what sftp-server wrote on its side
            assertThat(Files.readAllBytes(tmp.resolve("copy.bin"))).isEqualTo(data);
        }
    }
}

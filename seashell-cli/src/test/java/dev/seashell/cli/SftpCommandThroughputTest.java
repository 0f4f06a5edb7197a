package dev.seashell.cli;

import static dev.seashell.cli.TransferFixtures.args;
import static dev.seashell.cli.TransferFixtures.sshArgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (does not judge) 256 MiB put and get: seashell sftp and OpenSSH sftp against one
 * OpenSSH sshd, and seashell sftp against the Seashell server. Run with {@code -Dseashell.bench=true};
 * {@code -Dseashell.bench.cipher=aes128-gcm@openssh.com} picks the cipher (default: both sides' default),
 * {@code -Dseashell.bench.args="-B 32768"} adds sftp flags to both clients.
 */
class SftpCommandThroughputTest {
    static final int SIZE = 256 << 20;
    @TempDir Path dir;

    @Test
    void measure() throws IOException {
        assumeTrue(Boolean.getBoolean("seashell.bench"), "benchmark: -Dseashell.bench=true");
        OpenSsh.assumeSftp();
        Client client = TransferFixtures.client(dir);
        TransferFixtures.randomFile(dir.resolve("big.bin"), SIZE, 1);
        Files.createDirectory(dir.resolve("remote"));
        List<String> report = new ArrayList<>();
        try (SshServer seashell = TransferFixtures.seashell(client)) {
            String seashellKnown = Files.readString(client.knownHosts());
            try (OpenSshServer sshd = TransferFixtures.openSsh(client)) {
                Files.writeString(client.knownHosts(), seashellKnown + sshd.knownHostsLine() + "\n");
                report.add(row("seashell sftp -> OpenSSH sshd", sshd.port(), false, client));
                report.add(row("OpenSSH sftp  -> OpenSSH sshd", sshd.port(), true, client));
            }
            report.add(row("seashell sftp -> Seashell    ", seashell.port(), false, client));
        }
        report.forEach(System.out::println);
    }

    private String row(String label, int port, boolean openSsh, Client client) throws IOException {
        String remote = dir.resolve("remote/big.bin").toString();
        double baseline = time(port, openSsh, client, "pwd\n");
        double put = time(port, openSsh, client, "put " + dir.resolve("big.bin") + " " + remote + "\n") - baseline;
        double get = time(port, openSsh, client, "get " + remote + " " + dir.resolve("back.bin") + "\n") - baseline;
        assertThat(Files.mismatch(dir.resolve("big.bin"), dir.resolve("back.bin"))).isEqualTo(-1L);
        Files.delete(dir.resolve("back.bin"));
        Files.delete(Path.of(remote));
        double mib = SIZE / (1024.0 * 1024.0);
        return String.format(Locale.ROOT, "%s put %6.1f MB/s  get %6.1f MB/s  (connect %.1f s)", label, mib / put, mib / get, baseline);
    }

    private double time(int port, boolean openSsh, Client client, String script) throws IOException {
        Path batch = Files.writeString(dir.resolve("batch"), script);
        List<String> ssh = new ArrayList<>(sshArgs(client, port));
        String cipher = System.getProperty("seashell.bench.cipher", "");
        if (!cipher.isEmpty()) ssh.addAll(List.of("-o", "Ciphers=" + cipher));
        String extra = System.getProperty("seashell.bench.args", "").strip(); // e.g. "-B 32768 -R 64", for both clients
        if (!extra.isEmpty()) ssh.addAll(List.of(extra.split("\\s+")));
        long start = System.nanoTime();
        if (openSsh) {
            List<String> cmd = new ArrayList<>(List.of(OpenSsh.SFTP.toString()));
            cmd.addAll(ssh);
            cmd.addAll(List.of("-b", batch.toString(), "127.0.0.1"));
            ProcessRunner.Result r = ProcessRunner.command(cmd).timeout(Duration.ofMinutes(5)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
        } else {
            var o = TransferFixtures.sftp(dir, "", args(ssh, "-b", batch.toString(), "127.0.0.1"));
            assertThat(o.exit()).as(o.describe()).isZero();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}

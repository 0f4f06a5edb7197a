package dev.seashell.cli;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Two OpenSSH sshd that accept one fresh user key, with an ssh_config and a known_hosts that
 * trust them (and an {@code inetd-host} key for `seashell sshd -i` behind a ProxyCommand): the set-up
 * the jump, proxy and agent-forwarding CLI tests share.
 */
final class OpenSshHops implements AutoCloseable {
    final OpenSshClient.UserKey key;
    final OpenSshServer sshd1;
    final OpenSshServer sshd2;
    final Path cfg;
    final Path knownHosts;
    final SshKeyPair inetdHostKey;

    private OpenSshHops(Path dir) throws IOException {
        OpenSsh.assumeSshd();
        key = OpenSshClient.newUserKey();
        sshd1 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        sshd2 = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        inetdHostKey = KeyGen.generate("ed25519", 0);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd1.knownHostsLine() + sshd2.knownHostsLine()
                + "inetd-host " + new PublicKeyLine(inetdHostKey.publicKey(), "").format().strip() + "\n");
        cfg = dir.resolve("ssh_config");
        Files.writeString(cfg, """
                Host *
                  User %s
                  IdentityFile %s
                  IdentitiesOnly yes
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  BatchMode yes
                """.formatted(System.getProperty("user.name"), key.privateKey(), knownHosts));
    }

    /** Starts both sshd with their files in {@code dir}; skips the test without OpenSSH. */
    static OpenSshHops start(Path dir) throws IOException {
        return new OpenSshHops(dir);
    }

    /** The Seashell CLI in a fresh JVM with this test's class path. */
    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), "dev.seashell.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code seashell ssh -F cfg args...}. */
    List<String> ssh(String... args) {
        List<String> cmd = java("ssh", "-F", cfg.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    static ProcessRunner.Result run(List<String> cmd) {
        return ProcessRunner.command(cmd).timeout(Duration.ofSeconds(60)).run();
    }

    @Override
    public void close() {
        sshd1.close();
        sshd2.close();
    }
}

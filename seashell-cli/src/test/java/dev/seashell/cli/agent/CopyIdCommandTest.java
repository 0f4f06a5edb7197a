package dev.seashell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell copy-id installs a key on an OpenSSH server; OpenSSH's ssh then logs in with it. */
class CopyIdCommandTest {
    @TempDir
    Path tmp;

    /** -F: host alias, port, user, login key and known_hosts all come from an ssh_config file. */
    @Test
    void readsAnSshConfigFileWithF() throws IOException {
        OpenSsh.assumeSshd();
        Path remoteHome = Files.createDirectories(tmp.resolve("remote-home-f"));
        Path localHome = Files.createDirectories(tmp.resolve("local-home-f"));
        Path loginKey = tmp.resolve("login_key_f");
        OpenSsh.keygen("ed25519", 0, loginKey, "login@test");
        Path newKey = tmp.resolve("new_key_f");
        OpenSsh.keygen("ed25519", 0, newKey, "new@test");
        Path loginKeys = tmp.resolve("login_authorized_keys_f");
        Files.writeString(loginKeys, Files.readString(OpenSsh.publicKeyFile(loginKey)));
        Path remoteAuthorized = remoteHome.resolve(".ssh/authorized_keys");
        try (OpenSshServer sshd = OpenSshServer.builder()
                .config("AuthorizedKeysFile " + loginKeys + " " + remoteAuthorized, "SetEnv HOME=" + remoteHome).start()) {
            Path cfg = tmp.resolve("ssh_config_f");
            Files.writeString(cfg, "Host target-alias\n  HostName " + OpenSshServer.HOST + "\n  Port " + sshd.port()
                    + "\n  User " + System.getProperty("user.name") + "\n  IdentityFile " + loginKey
                    + "\n  UserKnownHostsFile " + tmp.resolve("known_hosts_f") + "\n  StrictHostKeyChecking accept-new\n");
            CliRun r = CliRun.run(CopyIdCommand::run, Map.of("HOME", localHome.toString()), "",
                    "-F", cfg.toString(), "-i", newKey.toString(), "target-alias");
            assertThat(r.status()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Number of key(s) added: 1");
            assertThat(Files.readString(remoteAuthorized)).isEqualTo(Files.readString(OpenSsh.publicKeyFile(newKey)));
        }
    }

    @Test
    void installsKeyThenSshLogsInWithIt() throws IOException {
        OpenSsh.assumeSshd();
        Path remoteHome = Files.createDirectories(tmp.resolve("remote-home"));
        Path localHome = Files.createDirectories(tmp.resolve("local-home"));
        Path loginKey = tmp.resolve("login_key");
        OpenSsh.keygen("ed25519", 0, loginKey, "login@test");
        Path newKey = tmp.resolve("new_key");
        OpenSsh.keygen("ecdsa", 0, newKey, "new@test");
        Path loginKeys = tmp.resolve("login_authorized_keys");
        Files.writeString(loginKeys, Files.readString(OpenSsh.publicKeyFile(loginKey)));
        Path remoteAuthorized = remoteHome.resolve(".ssh/authorized_keys");
        // The session's HOME is the temp home (SetEnv overrides the passwd home), and sshd reads keys from both files.
        try (OpenSshServer sshd = OpenSshServer.builder()
                .config("AuthorizedKeysFile " + loginKeys + " " + remoteAuthorized, "SetEnv HOME=" + remoteHome).start()) {
            String[] args = {"-i", newKey.toString(), "-p", Integer.toString(sshd.port()),
                    "-o", "StrictHostKeyChecking=accept-new", "-o", "UserKnownHostsFile=" + tmp.resolve("known_hosts"),
                    "-o", "IdentityFile=" + loginKey, System.getProperty("user.name") + "@" + OpenSshServer.HOST};
            ProcessRunner.Result before = OpenSshClient.to(sshd).identity(newKey).run("true");
            assertThat(before.exitCode()).as("new key not yet authorized").isNotZero();

            CliRun dry = CliRun.run(CopyIdCommand::run, Map.of("HOME", localHome.toString()), "", prepend("-n", args));
            assertThat(dry.out()).contains("Would have added the following key(s):", Files.readString(OpenSsh.publicKeyFile(newKey)).strip());
            assertThat(remoteAuthorized).doesNotExist();

            CliRun r = CliRun.run(CopyIdCommand::run, Map.of("HOME", localHome.toString()), "", args);
            assertThat(r.status()).as(r.toString()).isZero();
            assertThat(r.err()).contains("INFO: Source of key(s) to be installed: \"" + newKey + ".pub\"");
            assertThat(r.out()).contains("Number of key(s) added: 1", "Now try logging into the machine, with:   \"ssh -p '" + sshd.port() + "'");
            assertThat(Files.readString(remoteAuthorized)).isEqualTo(Files.readString(OpenSsh.publicKeyFile(newKey)));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remoteAuthorized))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remoteAuthorized.getParent()))).isEqualTo("rwx------");
            assertThat(Files.readString(tmp.resolve("known_hosts"))).contains("[127.0.0.1]:" + sshd.port());

            ProcessRunner.Result after = OpenSshClient.to(sshd).identity(newKey).run("echo", "copied");
            assertThat(after.exitCode()).as(after.describe()).isZero();
            assertThat(after.stdoutText().strip()).isEqualTo("copied");

            CliRun again = CliRun.run(CopyIdCommand::run, Map.of("HOME", localHome.toString()), "", args);
            assertThat(again.status()).as(again.toString()).isZero();
            assertThat(again.err()).contains("All keys were skipped because they already exist on the remote system.");
            assertThat(Files.readAllLines(remoteAuthorized)).hasSize(1);
        }
    }

    @Test
    void missingKeyFileAndUsage() {
        CliRun r = CliRun.run(CopyIdCommand::run, Map.of("HOME", tmp.toString()), "", "-i", tmp.resolve("none").toString(), "host");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("No such file or directory");
        assertThat(CliRun.run(CopyIdCommand::run, Map.of("HOME", tmp.toString()), "").err()).startsWith("Usage: seashell copy-id");
        assertThat(CliRun.run(CopyIdCommand::run, Map.of("HOME", tmp.toString()), "", "host").err()).contains("No identities found");
    }

    @Test
    void scriptSurvivesQuotesAndAppendsOnlyOnce() throws IOException {
        String key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC0eSU1CZT2mWyoD0p0zH0m8fz8bmhh8KAdE3Ie4ZbYt it's \"$(mine)\"";
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/authorized_keys"), "ssh-rsa AAAAB3 old"); // no trailing newline
        String script = CopyIdCommand.installScript(java.util.List.of(key), false);
        ProcessRunner.Result first = ProcessRunner.command("/bin/sh", "-c", script).env("HOME", home.toString()).run();
        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(first.stdoutText().strip()).isEqualTo("1");
        ProcessRunner.Result second = ProcessRunner.command("/bin/sh", "-c", script).env("HOME", home.toString()).run();
        assertThat(second.stdoutText().strip()).isEqualTo("0");
        assertThat(Files.readString(home.resolve(".ssh/authorized_keys"))).isEqualTo("ssh-rsa AAAAB3 old\n" + key + "\n");
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}

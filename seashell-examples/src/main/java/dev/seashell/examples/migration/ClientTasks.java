package dev.seashell.examples.migration;

import dev.seashell.client.SshClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Migration guide tasks 1-4: connect and run a command, known_hosts, a key file, a password. */
final class ClientTasks {
    private ClientTasks() {}

    static void connectAndExec(String host, String home) throws IOException {
        // tag::connect-exec[]
        try (SshClient ssh = SshClient.builder(host, 22).user("alice")
                .identity(Path.of(home, ".ssh/id_ed25519"))
                .connect()) {
            SshClient.ExecResult r = ssh.exec("uname -a", Duration.ofSeconds(30));
            System.out.println(r.stdoutText() + "exit status " + r.exitStatus());
        }
        // end::connect-exec[]
    }

    static SshClient knownHosts(String host, Path key) throws IOException {
        // tag::known-hosts[]
        SshClient ssh = SshClient.builder(host, 22).user("alice")
                .knownHosts(Path.of("/etc/myapp/known_hosts"))
                .identity(key)
                .connect();
        // end::known-hosts[]
        return ssh;
    }

    static SshClient keyFile(String host, char[] passphrase) throws IOException {
        // tag::key-file[]
        SshClient ssh = SshClient.builder(host, 22).user("alice")
                .identity(Path.of("/secrets/id_ed25519"), passphrase)
                .connect();
        // end::key-file[]
        return ssh;
    }

    static SshClient password(String host, char[] secret) throws IOException {
        // tag::password[]
        SshClient ssh = SshClient.builder(host, 22).user("alice")
                .password(secret)
                .connect();
        // end::password[]
        return ssh;
    }
}

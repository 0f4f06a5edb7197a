package dev.seashell.examples;

import dev.seashell.client.SshClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs one command on a server: the host key must be in known_hosts, the user logs in with a key.
 * Usage: {@code ExecExample host port user command}.
 */
public final class ExecExample {
    private ExecExample() {}

    /** Connects, runs {@code command}, and returns its output and exit status. */
    public static SshClient.ExecResult run(String host, int port, String user, Path knownHosts, Path key,
                                           String command) throws IOException {
        try (SshClient ssh = SshClient.builder(host, port)
                .user(user)
                .knownHosts(knownHosts)
                .identity(key)
                .connect()) {
            return ssh.exec(command, Duration.ofSeconds(30));
        }
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws IOException {
        Path dotSsh = Path.of(System.getProperty("user.home"), ".ssh");
        SshClient.ExecResult r = run(args[0], Integer.parseInt(args[1]), args[2],
                dotSsh.resolve("known_hosts"), dotSsh.resolve("id_ed25519"), args[3]);
        System.out.print(r.stdoutText());
        System.err.print(r.stderrText());
        System.out.println("exit status " + r.exitStatus());
        System.exit(r.exitStatus());
    }
}

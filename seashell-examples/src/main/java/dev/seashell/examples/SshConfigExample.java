package dev.seashell.examples;

import dev.seashell.client.SshClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Connects to an ssh_config alias, as {@code ssh alias command} does: HostName, Port, User, IdentityFile,
 * UserKnownHostsFile, StrictHostKeyChecking, ProxyJump, ConnectTimeout, ServerAliveInterval and the
 * algorithm lists come from the file. Usage: {@code SshConfigExample alias command} (reads
 * {@code ~/.ssh/config} and {@code /etc/ssh/ssh_config}).
 */
public final class SshConfigExample {
    private SshConfigExample() {}

    /** What the command printed and the key exchange method the connection used. */
    public record Outcome(SshClient.ExecResult result, String kex) {}

    /** Resolves {@code alias} through {@code configFile} only (as {@code ssh -F configFile}) and runs {@code command}. */
    public static Outcome run(Path configFile, String alias, String command) throws IOException {
        try (SshClient ssh = SshClient.builder(alias).config(configFile).connect()) {
            return new Outcome(ssh.exec(command, Duration.ofSeconds(30)), ssh.transport().negotiated().kex());
        }
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws IOException {
        try (SshClient ssh = SshClient.builder(args[0]).useSshConfig().connect()) {
            SshClient.ExecResult r = ssh.exec(args[1], Duration.ofSeconds(30));
            System.out.print(r.stdoutText());
            System.err.print(r.stderrText());
            System.exit(r.exitStatus());
        }
    }
}

package dev.seashell.examples;

import dev.seashell.client.SshClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ssh -J bastion target}: reaches a server only a bastion can see, over a direct-tcpip channel of
 * the bastion's connection; each hop checks its own host key. Usage:
 * {@code JumpHostExample bastionHost bastionPort targetHost targetPort user command}.
 */
public final class JumpHostExample {
    private JumpHostExample() {}

    /**
     * Connects to the bastion, then through it to {@code targetHost:targetPort} (as the bastion resolves it),
     * with the same user, key and known_hosts file for both, and runs {@code command} on the target.
     */
    public static SshClient.ExecResult run(String bastionHost, int bastionPort, String targetHost, int targetPort,
                                           String user, Path knownHosts, Path key, String command) throws IOException {
        try (SshClient target = SshClient.builder(targetHost, targetPort)
                .user(user).knownHosts(knownHosts).identity(key)
                .jump(SshClient.builder(bastionHost, bastionPort).user(user).knownHosts(knownHosts).identity(key))
                .connect()) { // closing the target closes the bastion connection too
            return target.exec(command, Duration.ofSeconds(30));
        }
    }

    /**
     * Many targets through one bastion connection the application keeps: each target runs over its own
     * channel, and closing a target leaves the bastion open.
     */
    public static String runOnEach(SshClient bastion, int[] targetPorts, String user, Path knownHosts, Path key,
                                   String command) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int port : targetPorts) {
            try (SshClient target = SshClient.builder("127.0.0.1", port)
                    .user(user).knownHosts(knownHosts).identity(key).jump(bastion).connect()) {
                out.append(target.exec(command, Duration.ofSeconds(30)).stdoutText());
            }
        }
        return out.toString();
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws IOException {
        Path dotSsh = Path.of(System.getProperty("user.home"), ".ssh");
        SshClient.ExecResult r = run(args[0], Integer.parseInt(args[1]), args[2], Integer.parseInt(args[3]), args[4],
                dotSsh.resolve("known_hosts"), dotSsh.resolve("id_ed25519"), args[5]);
        System.out.print(r.stdoutText());
        System.exit(r.exitStatus());
    }
}

package dev.seashell.examples;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.Command;
import dev.seashell.server.Sessions;
import dev.seashell.server.SshServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An SSH server that runs its own commands instead of processes: {@code echo}, {@code whoami},
 * {@code sum}, and a shell that is a read-eval-print loop over the same commands. Users log in with
 * the keys in one authorized_keys file. Usage: {@code CommandServerExample port authorizedKeys}.
 */
public final class CommandServerExample {
    private CommandServerExample() {}

    /** Starts the server on loopback {@code port} (0: any free port); close it to stop. */
    public static SshServer start(SshKeyPair hostKey, Path authorizedKeys, int port) throws IOException {
        return SshServer.builder()
                .hostKey(hostKey)
                .publicKeys(AuthorizedKeysAuthenticator.forAnyUser(authorizedKeys))
                .sessions(Sessions.commands(CommandServerExample::serve))
                .port(port)
                .start();
    }

    /** One exec request runs one command; a shell reads commands line by line until "exit". */
    static int serve(Command cmd) throws IOException {
        PrintStream out = cmd.out();
        if (!cmd.isShell()) return eval(cmd, cmd.commandLine().orElseThrow(), out);
        var in = new BufferedReader(new InputStreamReader(cmd.stdin(), StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null && !line.strip().equals("exit"); ) {
            eval(cmd, line, out);
        }
        return 0;
    }

    private static int eval(Command cmd, String line, PrintStream out) {
        String[] words = line.strip().split("\\s+");
        String[] args = Arrays.copyOfRange(words, 1, words.length);
        switch (words[0]) {
            case "echo" -> out.println(String.join(" ", args));
            case "whoami" -> out.println(cmd.user());
            case "sum" -> out.println(Arrays.stream(args).mapToLong(Long::parseLong).sum());
            default -> {
                cmd.err().println(words[0] + ": unknown command");
                return 127;
            }
        }
        return 0;
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws Exception {
        try (SshServer server = start(KeyGen.generate("ssh-ed25519", 0), Path.of(args[1]), Integer.parseInt(args[0]))) {
            System.out.println("listening on port " + server.port());
            Thread.currentThread().join();
        }
    }
}

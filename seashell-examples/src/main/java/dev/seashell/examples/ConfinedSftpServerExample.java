package dev.seashell.examples;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.Sessions;
import dev.seashell.server.SshServer;
import dev.seashell.sftp.SftpSubsystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An SFTP-only server: every user sees {@code root} as "/" and cannot leave it; there is no exec or
 * shell. Usage: {@code ConfinedSftpServerExample port authorizedKeys root}.
 */
public final class ConfinedSftpServerExample {
    private ConfinedSftpServerExample() {}

    /** Starts the server on loopback {@code port} (0: any free port); close it to stop. */
    public static SshServer start(SshKeyPair hostKey, Path authorizedKeys, Path root, int port) throws IOException {
        return SshServer.builder()
                .hostKey(hostKey)
                .publicKeys(AuthorizedKeysAuthenticator.forAnyUser(authorizedKeys))
                .sessions(Sessions.subsystem("sftp", SftpSubsystem.confinedTo(root)))
                .port(port)
                .start();
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws Exception {
        try (SshServer server = start(KeyGen.generate("ssh-ed25519", 0), Path.of(args[1]), Path.of(args[2]),
                Integer.parseInt(args[0]))) {
            System.out.println("listening on port " + server.port());
            Thread.currentThread().join();
        }
    }
}

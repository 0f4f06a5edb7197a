package dev.seashell.examples.migration;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.PasswordFile;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.server.Sessions;
import dev.seashell.server.SshServer;
import java.io.IOException;
import java.nio.file.Path;

/** Migration guide task 10: an embedded server with password and public-key authentication. */
final class ServerTask {
    private ServerTask() {}

    static SshServer server() throws IOException {
        // tag::server[]
        SshServer server = SshServer.builder()
                .hostKey(PrivateKeyFiles.read(Path.of("host_ed25519"), null))
                .passwords(PasswordFile.read(Path.of("passwords")))
                .publicKeys(AuthorizedKeysAuthenticator.forAnyUser(Path.of("authorized_keys")))
                .sessions(Sessions.commands(cmd -> {
                    cmd.out().println("hello " + cmd.user() + ", you ran " + cmd.commandLine().orElse("a shell"));
                    return 0;
                }))
                .port(2222)
                .start();
        // end::server[]
        return server;
    }
}

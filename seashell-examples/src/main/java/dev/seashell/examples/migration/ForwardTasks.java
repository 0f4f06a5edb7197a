package dev.seashell.examples.migration;

import dev.seashell.client.SshClient;
import dev.seashell.forwarding.LocalForward;
import dev.seashell.forwarding.RemoteForward;
import java.io.IOException;
import java.util.function.IntConsumer;

/** Migration guide tasks 7-8: local (-L) and remote (-R) forwards on a connected client. */
final class ForwardTasks {
    private ForwardTasks() {}

    static void local(SshClient ssh, IntConsumer useDatabase) throws IOException {
        // tag::local-forward[]
        try (LocalForward db = ssh.forwardLocal(0, "db.internal", 5432)) {
            useDatabase.accept(db.port()); // connect to localhost:db.port()
        }
        // end::local-forward[]
    }

    static void remote(SshClient ssh, Runnable serve) throws IOException {
        // tag::remote-forward[]
        try (RemoteForward web = ssh.forwardRemote(8080, "localhost", 80)) {
            serve.run(); // the server's port 8080 now reaches our port 80
        }
        // end::remote-forward[]
    }
}

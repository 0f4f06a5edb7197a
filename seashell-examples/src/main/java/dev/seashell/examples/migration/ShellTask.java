package dev.seashell.examples.migration;

import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Migration guide task 9: an interactive shell with a terminal on a connected client. */
final class ShellTask {
    private ShellTask() {}

    static void shell(SshClient ssh, OutputStream terminal) throws IOException {
        // tag::shell-pty[]
        try (ClientSession shell = ssh.openSession()) {
            shell.requestPty("xterm-256color", 80, 24, new byte[] {0});
            shell.shell();
            shell.stdin().write("ls -l; exit\n".getBytes(StandardCharsets.UTF_8));
            shell.stdout().transferTo(terminal);
        }
        // end::shell-pty[]
    }
}

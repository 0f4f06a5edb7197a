package dev.seashell.cli.agent;

import dev.seashell.agent.AgentClient;
import java.io.IOException;
import java.nio.file.Path;

/** Opens $SSH_AUTH_SOCK with ssh-add's messages; null (after printing why) when there is no agent. */
final class AgentConnect {
    private AgentConnect() {}

    static AgentClient open(Io io) {
        String sock = io.env("SSH_AUTH_SOCK");
        if (sock == null || sock.isEmpty()) {
            io.err.println("Could not open a connection to your authentication agent.");
            return null;
        }
        try {
            return AgentClient.connect(Path.of(sock));
        } catch (IOException e) {
            String why = e.getMessage() != null && e.getMessage().contains("No such file") ? "No such file or directory"
                    : e.getMessage() != null && e.getMessage().contains("refused") ? "Connection refused" : String.valueOf(e.getMessage());
            io.err.println("Error connecting to agent: " + why);
            return null;
        }
    }
}

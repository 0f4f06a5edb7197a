package dev.seashell.cli;

import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.connection.SessionHandler;
import dev.seashell.server.SessionHandlerFactory;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The CLI server's sessions: local processes as the server's user, with sshd_config's subsystems. */
final class Sessions implements SessionHandlerFactory {
    private static final String OPENSSH_SFTP_SERVER = "/usr/lib/openssh/sftp-server";
    private final Map<String, List<String>> subsystems = new HashMap<>();

    Sessions(Map<String, String> configured) {
        configured.forEach((name, command) -> {
            if (command.equals("internal-sftp")) {
                if (Files.isExecutable(Path.of(OPENSSH_SFTP_SERVER))) subsystems.put(name, List.of(OPENSSH_SFTP_SERVER));
            } else {
                subsystems.put(name, Arrays.asList(command.trim().split("\\s+")));
            }
        });
    }

    @Override
    public SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local) {
        String client = remote == null ? null
                : remote.getAddress().getHostAddress() + " " + remote.getPort() + " " + (local == null ? 0 : local.getPort());
        String connection = remote == null || local == null ? null
                : remote.getAddress().getHostAddress() + " " + remote.getPort() + " " + local.getAddress().getHostAddress() + " " + local.getPort();
        Map<String, String> env = ProcessCommandHandler.standardEnvironment(client, connection);
        String home = env.get("HOME");
        return new ProcessCommandHandler(env, env.getOrDefault("SHELL", "/bin/sh"), home == null ? null : new File(home), subsystems);
    }
}

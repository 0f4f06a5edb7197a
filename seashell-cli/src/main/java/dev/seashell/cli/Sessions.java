package dev.seashell.cli;

import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.connection.PtyRequest;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.server.PtySessionHandler;
import dev.seashell.server.SessionHandlerFactory;
import dev.seashell.sftp.SftpServer;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CLI server's sessions: local processes as the server's user, sshd_config's subsystems, and
 * {@code internal-sftp} served inside the JVM.
 */
final class Sessions implements SessionHandlerFactory {
    private final Map<String, List<String>> external = new HashMap<>();
    private final java.util.Set<String> internalSftp = new java.util.HashSet<>();

    Sessions(Map<String, String> configured) {
        configured.forEach((name, command) -> {
            if (command.equals("internal-sftp") || command.startsWith("internal-sftp ")) internalSftp.add(name);
            else external.put(name, Arrays.asList(command.trim().split("\\s+")));
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
        ProcessCommandHandler processes = new ProcessCommandHandler(env, env.getOrDefault("SHELL", "/bin/sh"),
                home == null ? null : new File(home), external);
        SessionHandler withSftp = new Handler(processes, internalSftp, home);
        return new PtySessionHandler(withSftp, env, env.getOrDefault("SHELL", "/bin/sh"),
                home == null ? null : Path.of(home), true);
    }

    /** Processes for everything but the in-JVM SFTP subsystem. */
    private record Handler(ProcessCommandHandler processes, Set<String> internalSftp, String home) implements SessionHandler {
        @Override
        public boolean exec(ServerSession session, String command) {
            return processes.exec(session, command);
        }

        @Override
        public boolean shell(ServerSession session) {
            return processes.shell(session);
        }

        @Override
        public boolean subsystem(ServerSession session, String name) {
            if (!internalSftp.contains(name)) return processes.subsystem(session, name);
            Thread.ofVirtual().name("sftp").start(() -> {
                int status = 0;
                try {
                    new SftpServer(SftpServer.Options.defaults().startingIn(home)).serve(session.stdin(), session.stdout());
                } catch (IOException e) {
                    status = 1;
                }
                session.exit(status);
            });
            return true;
        }

        @Override
        public boolean pty(ServerSession session, PtyRequest request) {
            return processes.pty(session, request);
        }

        @Override
        public boolean env(ServerSession session, String name, String value) {
            return processes.env(session, name, value);
        }

        @Override
        public void windowChange(ServerSession session, int columns, int rows) {
            processes.windowChange(session, columns, rows);
        }

        @Override
        public boolean signal(ServerSession session, String signalName) {
            return processes.signal(session, signalName);
        }
    }
}

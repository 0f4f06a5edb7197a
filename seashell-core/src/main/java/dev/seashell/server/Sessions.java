package dev.seashell.server;

import dev.seashell.connection.PtyRequest;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Session handling for an embedded server without processes: exec and shell requests go to a
 * {@link CommandHandler}, subsystem requests to named {@link Subsystem}s, each on a virtual thread.
 *
 * <pre>{@code
 * SshServer.builder().sessions(Sessions.commands(cmd -> { cmd.out().println("hi"); return 0; })
 *         .withSubsystem("sftp", sftp))
 * }</pre>
 */
public final class Sessions implements SessionHandlerFactory {
    private final CommandHandler commands;
    private final Map<String, Subsystem> subsystems;
    private final boolean allowPty;

    private Sessions(CommandHandler commands, Map<String, Subsystem> subsystems, boolean allowPty) {
        this.commands = commands;
        this.subsystems = Map.copyOf(subsystems);
        this.allowPty = allowPty;
    }

    /** Exec and shell requests run {@code handler}; no subsystems, no terminals. */
    public static Sessions commands(CommandHandler handler) {
        return new Sessions(handler, Map.of(), false);
    }

    /** Only the subsystem {@code name} (e.g. an SFTP-only server); exec and shell are refused. */
    public static Sessions subsystem(String name, Subsystem subsystem) {
        return new Sessions(null, Map.of(name, subsystem), false);
    }

    /** Adds (or replaces) a subsystem. */
    public Sessions withSubsystem(String name, Subsystem subsystem) {
        Map<String, Subsystem> m = new HashMap<>(subsystems);
        m.put(name, subsystem);
        return new Sessions(commands, m, allowPty);
    }

    /** Accepts pty requests; the handler finds the terminal in {@link Command#pty()} (no line discipline is applied). */
    public Sessions withPty(boolean allow) {
        return new Sessions(commands, subsystems, allow);
    }

    @Override
    public SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local) {
        return new Handler(user, remote);
    }

    private final class Handler implements SessionHandler {
        private final String user;
        private final InetSocketAddress remote;

        Handler(String user, InetSocketAddress remote) {
            this.user = user;
            this.remote = remote;
        }

        @Override
        public boolean exec(ServerSession session, String command) {
            return command(session, Optional.of(command));
        }

        @Override
        public boolean shell(ServerSession session) {
            return command(session, Optional.empty());
        }

        @Override
        public boolean pty(ServerSession session, PtyRequest request) {
            return allowPty && commands != null;
        }

        @Override
        public boolean subsystem(ServerSession session, String name) {
            Subsystem s = subsystems.get(name);
            if (s == null) return false;
            Thread.ofVirtual().name("seashell-subsystem-" + name).start(() -> {
                int status = 0;
                try {
                    s.serve(user, session.stdin(), session.stdout());
                } catch (IOException | RuntimeException e) {
                    status = 1;
                }
                session.exit(status);
            });
            return true;
        }

        private boolean command(ServerSession session, Optional<String> line) {
            if (commands == null) return false;
            Command c = new Command(user, remote, line, session.environment(), session.pty(),
                    session.stdin(), session.stdout(), session.stderr());
            Thread.ofVirtual().name("seashell-command").start(() -> session.exit(run(c)));
            return true;
        }

        private int run(Command c) {
            try {
                return commands.run(c);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                try {
                    c.stderr().write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // the client went away: nothing left to tell it
                }
                return 1;
            }
        }
    }
}

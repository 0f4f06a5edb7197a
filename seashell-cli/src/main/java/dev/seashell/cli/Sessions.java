package dev.seashell.cli;

import dev.seashell.auth.UserAccount;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CLI server's sessions, as sshd runs them: local processes (on a pty when asked) as the
 * logged-in user, sshd_config's subsystems, {@code internal-sftp} inside the JVM, AcceptEnv, SetEnv,
 * PermitTTY and PrintMotd.
 */
final class Sessions implements SessionHandlerFactory {
    /** The sshd_config options that shape sessions. */
    record Policy(boolean permitTty, List<String> acceptEnv, List<String> setEnv, boolean printMotd,
                  java.util.Optional<String> forceCommand, String permitUserEnvironment) {
        Policy(boolean permitTty, List<String> acceptEnv, List<String> setEnv, boolean printMotd,
               java.util.Optional<String> forceCommand) {
            this(permitTty, acceptEnv, setEnv, printMotd, forceCommand, "no");
        }

        static Policy defaults() {
            return new Policy(true, List.of("LANG", "LC_*"), List.of(), false, java.util.Optional.empty());
        }

        /** Whether PermitUserEnvironment lets a variable of this name through ("yes", or a pattern-list). */
        boolean userMaySet(String name) {
            if (permitUserEnvironment.equals("no")) return false;
            if (permitUserEnvironment.equals("yes")) return true;
            for (String p : permitUserEnvironment.split(",")) {
                if (dev.seashell.keys.KnownHosts.glob(p.trim(), name)) return true;
            }
            return false;
        }
    }

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private final Map<String, List<String>> external = new HashMap<>();
    private final Set<String> internalSftp = new HashSet<>();
    private final java.util.function.BiFunction<String, InetSocketAddress[], Policy> policies;
    private final boolean root = UserAccount.current().uid() == 0;

    Sessions(Map<String, String> configured) {
        this(configured, Policy.defaults());
    }

    Sessions(Map<String, String> configured, Policy policy) {
        this(configured, (user, addresses) -> policy);
    }

    /**
     * @param policies the policy for a logged-in user and [remote, local] addresses — sshd_config's
     *     Match blocks make it differ per connection
     */
    Sessions(Map<String, String> configured, java.util.function.BiFunction<String, InetSocketAddress[], Policy> policies) {
        this.policies = policies;
        configured.forEach((name, command) -> {
            if (command.equals("internal-sftp") || command.startsWith("internal-sftp ")) internalSftp.add(name);
            else external.put(name, Arrays.asList(command.trim().split("\\s+")));
        });
    }

    /** sshd_config ForceCommand wins over an authorized_keys command=, as in OpenSSH. */
    @Override
    public SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local,
                                  dev.seashell.auth.SessionRestrictions restrictions) {
        var r = restrictions == null ? dev.seashell.auth.SessionRestrictions.NONE : restrictions;
        Policy policy = policies.apply(user, new InetSocketAddress[] {remote, local});
        if (policy.forceCommand().isPresent()) {
            r = new dev.seashell.auth.SessionRestrictions(policy.forceCommand(), r.allowPty(), r.allowPortForwarding(),
                    r.allowAgentForwarding(), r.allowX11(), r.allowUserRc(), r.permitOpen(), r.permitListen(),
                    r.environment(), r.principals());
        }
        return dev.seashell.server.RestrictedSessionHandler.wrap(build(user, remote, local, policy, userEnvironment(user, r, policy)), r);
    }

    /**
     * PermitUserEnvironment: ~/.ssh/environment (NAME=value lines) and the key's environment= options,
     * filtered by the keyword's pattern-list.
     */
    private static Map<String, String> userEnvironment(String user, dev.seashell.auth.SessionRestrictions r, Policy policy) {
        Map<String, String> env = new HashMap<>();
        if (policy.permitUserEnvironment().equals("no")) return env;
        var account = UserAccount.lookup(user);
        if (account.isPresent()) {
            Path file = Path.of(account.get().home(), ".ssh", "environment");
            try {
                if (Files.isRegularFile(file) && Files.size(file) < 64 * 1024) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        String l = line.strip();
                        int eq = l.indexOf('=');
                        if (l.isEmpty() || l.startsWith("#") || eq <= 0) continue;
                        env.put(l.substring(0, eq), l.substring(eq + 1));
                    }
                }
            } catch (IOException e) {
                // unreadable: nothing from it
            }
        }
        env.putAll(r.environment());
        env.keySet().removeIf(name -> !policy.userMaySet(name));
        return env;
    }

    @Override
    public SessionHandler forUser(String user, InetSocketAddress remote, InetSocketAddress local) {
        return build(user, remote, local, policies.apply(user, new InetSocketAddress[] {remote, local}), Map.of());
    }

    private SessionHandler build(String user, InetSocketAddress remote, InetSocketAddress local, Policy policy,
                                 Map<String, String> userEnvironment) {
        String client = remote == null ? null
                : remote.getAddress().getHostAddress() + " " + remote.getPort() + " " + (local == null ? 0 : local.getPort());
        String connection = remote == null || local == null ? null
                : remote.getAddress().getHostAddress() + " " + remote.getPort() + " " + local.getAddress().getHostAddress() + " " + local.getPort();
        Map<String, String> env = new HashMap<>(ProcessCommandHandler.standardEnvironment(client, connection));
        List<String> launcher = List.of();
        UserAccount account = UserAccount.current();
        if (root && !user.equals(account.name())) {
            // The server runs as root: the session runs as the user who logged in, never as root.
            account = UserAccount.lookup(user).orElseThrow(() -> new IllegalStateException("no account " + user));
            launcher = List.of(SETPRIV.toString(), "--reuid=" + account.uid(), "--regid=" + account.gid(), "--init-groups", "--");
        }
        if (account.uid() >= 0) {
            env.put("USER", account.name());
            env.put("LOGNAME", account.name());
            env.put("HOME", account.home());
            env.put("SHELL", account.shell());
        }
        env.put("MAIL", "/var/mail/" + account.name());
        env.putAll(userEnvironment);
        for (String kv : policy.setEnv()) {
            int eq = kv.indexOf('=');
            if (eq > 0) env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String home = env.get("HOME");
        String shell = env.getOrDefault("SHELL", "/bin/sh");
        ProcessCommandHandler processes = new ProcessCommandHandler(env, shell, home == null ? null : new File(home), external, launcher);
        SessionHandler withPty = new PtySessionHandler(processes, env, shell, home == null ? null : Path.of(home),
                policy.permitTty(), launcher);
        return new Handler(withPty, internalSftp, home, policy);
    }

    /** What sshd does around the process: env filtering, motd, and the in-JVM SFTP subsystem. */
    private record Handler(SessionHandler next, Set<String> internalSftp, String home, Policy policy) implements SessionHandler {
        @Override
        public boolean exec(ServerSession session, String command) {
            // "ForceCommand internal-sftp" (the usual SFTP-only set-up) runs the in-process server.
            if (command.equals("internal-sftp") || command.startsWith("internal-sftp ")) return sftp(session);
            return next.exec(session, command);
        }

        @Override
        public boolean shell(ServerSession session) {
            if (policy.printMotd() && session.pty().isPresent()) {
                try {
                    Path motd = Path.of("/etc/motd");
                    if (Files.isRegularFile(motd)) {
                        session.stdout().write(Files.readString(motd, StandardCharsets.UTF_8).replace("\n", "\r\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // no motd then
                }
            }
            return next.shell(session);
        }

        @Override
        public boolean subsystem(ServerSession session, String name) {
            if (!internalSftp.contains(name)) return next.subsystem(session, name);
            return sftp(session);
        }

        private boolean sftp(ServerSession session) {
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
            return next.pty(session, request);
        }

        /** AcceptEnv: only names matching a pattern pass (sshd_config(5)). */
        @Override
        public boolean env(ServerSession session, String name, String value) {
            for (String p : policy.acceptEnv()) {
                if (dev.seashell.keys.KnownHosts.glob(p, name)) return true;
            }
            return false;
        }

        @Override
        public void windowChange(ServerSession session, int columns, int rows) {
            next.windowChange(session, columns, rows);
        }

        @Override
        public boolean signal(ServerSession session, String signalName) {
            return next.signal(session, signalName);
        }
    }
}

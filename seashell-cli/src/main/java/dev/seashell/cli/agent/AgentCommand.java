package dev.seashell.cli.agent;

import dev.seashell.agent.AgentClient;
import dev.seashell.agent.AgentServer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code seashell agent}: ssh-agent(1). Java cannot fork, so the daemon form re-launches this
 * program as a detached child ({@code setsid java -cp … AgentCommand -D -a SOCKET}), waits for its
 * socket, prints the shell commands and exits; {@code -D}/{@code -d} serve in the foreground and a
 * trailing command runs under an in-process agent.
 */
public final class AgentCommand {
    private static final String USAGE = """
            usage: seashell agent [-c | -s] [-Dd] [-a bind_address] [-E fingerprint_hash]
                                  [-O option] [-P allowed_providers] [-t life]
                   seashell agent [-a bind_address] [-E fingerprint_hash] [-O option]
                                  [-P allowed_providers] [-t life] command [arg ...]
                   seashell agent [-c | -s] -k""";
    private static final Duration START_DEADLINE = Duration.ofSeconds(15);

    private AgentCommand() {}

    /** Entry point of the re-launched daemon (and usable directly); the launcher calls {@link #run(String[])}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return run(args, Io.system());
    }

    static int run(String[] args, Io io) {
        Options o;
        try {
            o = Options.parse("seashell agent", "cDdksE:a:O:P:t:", args);
        } catch (Options.UsageException e) {
            io.err.println(e.getMessage());
            io.err.println(USAGE);
            return 1;
        }
        if (o.has('c') && o.has('s')) {
            io.err.println(USAGE);
            return 1;
        }
        String shell = io.env("SHELL");
        boolean csh = o.has('c') || (!o.has('s') && shell != null && shell.endsWith("csh"));
        if (o.has('k')) return kill(io, csh);
        Duration life = null;
        if (o.last('t') != null) {
            long secs = dev.seashell.config.Units.seconds(o.last('t'));
            if (secs <= 0) {
                io.err.println("Invalid lifetime");
                io.err.println(USAGE);
                return 1;
            }
            life = Duration.ofSeconds(secs);
        }
        boolean debug = o.has('d');
        try {
            Path socket = o.last('a') != null ? Path.of(o.last('a')) : AgentServer.privateSocketPath();
            if (!o.operands().isEmpty()) return runCommand(o.operands(), socket, life, io);
            if (debug || o.has('D')) return foreground(socket, life, debug, csh, io);
            return daemonize(socket, o.last('t'), csh, io);
        } catch (IOException e) {
            io.err.println("seashell agent: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static AgentServer.Options serverOptions(Duration life, boolean debug, Io io) {
        AgentServer.Options opts = AgentServer.Options.defaults().withDefaultLifetime(life);
        return debug ? opts.withDebug(s -> io.err.println("debug1: " + s)) : opts;
    }

    private static int foreground(Path socket, Duration life, boolean debug, boolean csh, Io io) throws IOException, InterruptedException {
        AgentServer server = AgentServer.start(socket, serverOptions(life, debug, io));
        // SIGTERM (ssh-agent -k) and SIGINT run shutdown hooks: remove the socket like ssh-agent's cleanup_handler.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        io.out.print(csh ? "setenv SSH_AUTH_SOCK " + socket + ";\n" : "SSH_AUTH_SOCK=" + socket + "; export SSH_AUTH_SOCK;\n");
        io.out.print("echo Agent pid " + ProcessHandle.current().pid() + ";\n");
        io.out.flush();
        server.awaitClose();
        return 0;
    }

    private static int runCommand(List<String> command, Path socket, Duration life, Io io) throws IOException, InterruptedException {
        try (AgentServer server = AgentServer.start(socket, serverOptions(life, false, io))) {
            ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
            pb.environment().put("SSH_AUTH_SOCK", socket.toString());
            pb.environment().put("SSH_AGENT_PID", Long.toString(ProcessHandle.current().pid()));
            try {
                return pb.start().waitFor();
            } catch (IOException e) {
                io.err.println("seashell agent: exec: " + command.getFirst() + ": " + e.getMessage());
                return 1;
            }
        }
    }

    private static int daemonize(Path socket, String life, boolean csh, Io io) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) cmd.add("/usr/bin/setsid");
        Optional<String> java = ProcessHandle.current().info().command();
        cmd.add(java.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AgentCommand.class.getName(), "-D", "-a", socket.toString()));
        if (life != null) cmd.addAll(List.of("-t", life));
        File devNull = new File("/dev/null");
        Process child = new ProcessBuilder(cmd).redirectInput(devNull).redirectOutput(devNull).redirectError(devNull).start();
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        // The socket file appears at bind, a moment before listen: ready means a connection succeeds.
        while (!accepts(socket)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroy();
                io.err.println("seashell agent: the agent process did not start");
                return 1;
            }
            Thread.sleep(20); // bounded readiness poll for the child's socket
        }
        long pid = child.pid();
        if (csh) {
            io.out.print("setenv SSH_AUTH_SOCK " + socket + ";\nsetenv SSH_AGENT_PID " + pid + ";\n");
        } else {
            io.out.print("SSH_AUTH_SOCK=" + socket + "; export SSH_AUTH_SOCK;\nSSH_AGENT_PID=" + pid + "; export SSH_AGENT_PID;\n");
        }
        io.out.print("echo Agent pid " + pid + ";\n");
        io.out.flush();
        return 0;
    }

    private static boolean accepts(Path socket) {
        if (!Files.exists(socket)) return false;
        try (AgentClient c = AgentClient.connect(socket)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int kill(Io io, boolean csh) {
        String pidText = io.env("SSH_AGENT_PID");
        if (pidText == null) {
            io.err.println("SSH_AGENT_PID not set, cannot kill agent");
            return 1;
        }
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            pid = 0;
        }
        if (pid < 1) {
            io.err.println("SSH_AGENT_PID=" + pidText + ", which is not a good PID");
            return 1;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().destroy()) {
            io.err.println("kill: No such process");
            return 1;
        }
        io.out.print(csh ? "unsetenv SSH_AUTH_SOCK;\nunsetenv SSH_AGENT_PID;\n" : "unset SSH_AUTH_SOCK;\nunset SSH_AGENT_PID;\n");
        io.out.print("echo Agent pid " + pid + " killed;\n");
        io.out.flush();
        return 0;
    }

    /** For tests: the environment a daemonised agent's output sets, parsed from the sh form. */
    static Map<String, String> parseShellOutput(String text) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            int semi = line.indexOf(';');
            if (eq > 0 && semi > eq && !line.startsWith("echo")) env.put(line.substring(0, eq), line.substring(eq + 1, semi));
        }
        return env;
    }
}

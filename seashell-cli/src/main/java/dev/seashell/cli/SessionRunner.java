package dev.seashell.cli;

import dev.seashell.client.EscapeFilter;
import dev.seashell.client.SshClient;
import dev.seashell.config.ClientOptions.RequestTty;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ClientSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs the one session of an ssh invocation: exec, subsystem or shell, with a pty when asked or
 * when the shell runs on a terminal, the local terminal in raw mode, escape sequences, and the
 * remote exit status as ssh's own.
 */
final class SessionRunner {
    private final SshClient client;
    private final SshHostConfig config;
    private final Consumer<String> debug;
    private String savedTty;

    SessionRunner(SshClient client, SshHostConfig config, Terminal terminal, Consumer<String> debug) {
        this.client = client;
        this.config = config;
        this.debug = debug;
    }

    int run(String command, boolean stdinNull, boolean subsystem) throws IOException {
        boolean stdinIsTty = !stdinNull && System.console() != null && System.console().isTerminal();
        RequestTty mode = config.requestTty();
        boolean wantTty = switch (mode) {
            case FORCE -> true;
            case YES -> stdinIsTty;
            case NO -> false;
            case AUTO -> command.isEmpty() && !subsystem && stdinIsTty;
        };
        if (mode == RequestTty.YES && !stdinIsTty && !command.isEmpty()) {
            System.err.println("Pseudo-terminal will not be allocated because stdin is not a terminal.");
        }
        try (ClientSession s = client.openSession()) {
            if (wantTty) {
                int[] size = terminalSize();
                String term = System.getenv().getOrDefault("TERM", "xterm");
                if (!s.requestPty(term, size[1], size[0], new byte[] {0})) {
                    System.err.println("PTY allocation request failed on channel 0");
                    wantTty = false;
                }
            }
            AgentX11.request(client, config, s, debug);
            String lang = System.getenv("LANG");
            if (lang != null && config.sendEnv().stream().anyMatch(p -> p.equals("LANG") || p.equals("LC_*"))) {
                s.setEnv("LANG", lang);
            }
            if (subsystem) s.subsystem(command);
            else if (command.isEmpty()) s.shell();
            else s.exec(command);
            debug.accept("Sending command: " + command);
            if (wantTty) enterRawMode(s);
            try {
                return pumpAndWait(s, stdinNull, wantTty);
            } finally {
                if (wantTty) {
                    restoreTty();
                    if (config.logLevel().compareTo(dev.seashell.config.LogLevel.INFO) >= 0) System.err.println("Connection to " + config.hostName() + " closed.");
                }
            }
        }
    }

    private int pumpAndWait(ClientSession s, boolean stdinNull, boolean tty) throws IOException {
        Thread in;
        if (stdinNull) {
            s.stdin().close();
            in = null;
        } else {
            // Platform threads for the pumps: file and pipe reads would pin a virtual thread's carrier anyway.
            in = Thread.ofPlatform().daemon().name("ssh-stdin").start(() -> {
                try {
                    if (tty && config.escapeChar() >= 0) new Escapes(config.escapeChar(), client, s, this::restoreTty, this::rawAgain).copy(System.in, s.stdin());
                    else SshCommand.pump(System.in, s.stdin(), true);
                } catch (IOException e) {
                    // the channel closed under us
                }
            });
        }
        Thread err = Thread.ofPlatform().daemon().name("ssh-stderr").start(() -> copyQuietly(s.stderr(), System.err));
        copyQuietly(s.stdout(), System.out);
        try {
            err.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (in != null) in.interrupt();
        var status = s.exitStatus(Duration.ofSeconds(10));
        if (status.isPresent()) return status.get();
        return SshCommand.EXIT_FAILURE;
    }

    private static void copyQuietly(InputStream in, OutputStream out) {
        try {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // EOF by another name
        }
    }

    private static int[] terminalSize() {
        try {
            String[] rc = Terminal.stty("size").trim().split("\\s+");
            return new int[] {Integer.parseInt(rc[0]), Integer.parseInt(rc[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {24, 80};
        }
    }

    private void enterRawMode(ClientSession s) {
        try {
            savedTty = Terminal.stty("-g");
            Terminal.stty("raw", "-echo");
        } catch (IOException e) {
            debug.accept("could not set raw mode: " + e.getMessage());
        }
        try {
            int[] last = terminalSize();
            sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), sig -> {
                int[] now = terminalSize();
                if (now[0] != last[0] || now[1] != last[1]) {
                    last[0] = now[0];
                    last[1] = now[1];
                    try {
                        s.windowChange(now[1], now[0]);
                    } catch (IOException e) {
                        // session gone
                    }
                }
            });
        } catch (IllegalArgumentException e) {
            debug.accept("no SIGWINCH: " + e.getMessage());
        }
    }

    private void rawAgain() {
        try {
            Terminal.stty("raw", "-echo");
        } catch (IOException e) {
            debug.accept("could not set raw mode: " + e.getMessage());
        }
    }

    private void restoreTty() {
        if (savedTty == null) return;
        try {
            Terminal.stty(savedTty);
        } catch (IOException e) {
            // nothing better to do
        }
    }

    /**
     * ssh's escape sequences after a newline: ~. disconnects, ~^Z suspends, ~# lists connections,
     * ~R re-keys, ~B sends a break, ~? helps, ~~ sends one ~ (the state machine is core's {@link EscapeFilter}).
     */
    static final class Escapes implements EscapeFilter.Handler {
        private final int escape;
        private final SshClient client;
        private final ClientSession session;
        private final Runnable cooked;
        private final Runnable raw;

        Escapes(int escape, SshClient client, ClientSession session, Runnable cooked, Runnable raw) {
            this.escape = escape;
            this.client = client;
            this.session = session;
            this.cooked = cooked;
            this.raw = raw;
        }

        /**
         * ~C: the "ssh>" command line, for forwards added or cancelled while connected: -L, -R, -D
         * with ssh's syntax, -KL/-KR/-KD port to cancel.
         */
        private void commandLine(InputStream in) throws IOException {
            System.err.print("\r\nssh> ");
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\r' && b != '\n') {
                if (b == 0x7f || b == 8) {
                    if (!line.isEmpty()) {
                        line.setLength(line.length() - 1);
                        System.err.print("\b \b");
                    }
                    continue;
                }
                line.append((char) b);
                System.err.print((char) b);
            }
            System.err.print("\r\n");
            String cmd = line.toString().strip();
            try {
                if (cmd.isEmpty()) return;
                if (cmd.equals("?") || cmd.equals("help")) {
                    System.err.print("Commands:\r\n      -L[bind_address:]port:host:hostport    Request local forward\r\n"
                            + "      -R[bind_address:]port:host:hostport    Request remote forward\r\n"
                            + "      -D[bind_address:]port                  Request dynamic forward\r\n"
                            + "      -KL[bind_address:]port                 Cancel local forward\r\n"
                            + "      -KR[bind_address:]port                 Cancel remote forward\r\n"
                            + "      -KD[bind_address:]port                 Cancel dynamic forward\r\n");
                    return;
                }
                String kind = cmd.startsWith("-K") ? cmd.substring(0, 3) : cmd.substring(0, Math.min(2, cmd.length()));
                String spec = cmd.substring(kind.length()).strip();
                String[] words = Forwards.toConfigWords(spec).split(" ", 2);
                dev.seashell.config.Forward f = dev.seashell.config.Forward.parse(words[0], words.length > 1 ? words[1] : null);
                if (f == null) throw new IOException("Bad forwarding specification.");
                var fwd = client.forwarding();
                var listen = new dev.seashell.forwarding.Endpoint.Tcp(f.listenHost() == null ? "localhost" : f.listenHost(), f.listenPort());
                switch (kind) {
                    case "-L" -> opened.put("L" + f.listenPort(), fwd.local(listen,
                            new dev.seashell.forwarding.Endpoint.Tcp(f.connectHost(), f.connectPort())));
                    case "-D" -> opened.put("D" + f.listenPort(), fwd.dynamic(listen));
                    case "-R" -> {
                        var r = fwd.remote(listen, new dev.seashell.forwarding.Endpoint.Tcp(f.connectHost(), f.connectPort()));
                        opened.put("R" + f.listenPort(), r);
                        if (f.listenPort() == 0) System.err.print("Allocated port " + r.allocatedPort() + " for remote forward\r\n");
                    }
                    case "-KL", "-KR", "-KD" -> {
                        AutoCloseable h = opened.remove(kind.substring(2) + f.listenPort());
                        if (h == null) throw new IOException("Unknown port forwarding.");
                        h.close();
                        System.err.print("Canceled forwarding.\r\n");
                    }
                    default -> throw new IOException("Invalid command.");
                }
                if (!kind.startsWith("-K")) System.err.print("Forwarding port.\r\n");
            } catch (Exception e) {
                System.err.print((e.getMessage() == null ? "Failed." : e.getMessage()) + "\r\n");
            }
        }

        private final java.util.Map<String, AutoCloseable> opened = new java.util.HashMap<>();

        /** ~^Z: the terminal back to normal, the whole process stopped as the shell's job; raw again on fg. */
        private void suspend() {
            System.err.print("\r\n[suspend ssh]\r\n");
            cooked.run();
            try {
                new ProcessBuilder("kill", "-TSTP", String.valueOf(ProcessHandle.current().pid())).inheritIO().start().waitFor();
            } catch (IOException | InterruptedException e) {
                // not stopped: carry on
            }
            raw.run();
        }

        /** Copies until EOF (then sends EOF) or ~. (then the connection is closed). */
        void copy(InputStream in, OutputStream out) throws IOException {
            if (!new EscapeFilter(escape, this).copy(in, out)) out.close();
        }

        @Override
        public EscapeFilter.Outcome onEscape(int c, InputStream in) throws IOException {
            switch (c) {
                case '.' -> {
                    System.err.print("\r\n");
                    client.close();
                    return EscapeFilter.Outcome.STOP;
                }
                case '?' -> System.err.print(help());
                case 0x1a -> suspend();
                case '#' -> System.err.print("\r\nThe following connections are open:\r\n"
                        + "  #0 client-session (t4 r0 i0/0 o0/0 e[write]/4 fd 4/5/6 sock -1 cc -1)\r\n");
                case 'R' -> {
                    System.err.print("\r\nrekeying (request)\r\n");
                    client.transport().requestRekey();
                }
                case 'B' -> session.sendBreak(500);
                case 'C' -> commandLine(in);
                default -> {
                    return EscapeFilter.Outcome.UNKNOWN;
                }
            }
            return EscapeFilter.Outcome.HANDLED;
        }

        private String help() {
            char e = (char) escape;
            return ("\r\nSupported escape sequences:\r\n"
                    + " %1$s.   - terminate connection (and any multiplexed sessions)\r\n"
                    + " %1$sB   - send a BREAK to the remote system\r\n"
                    + " %1$sR   - request rekey\r\n"
                    + " %1$s^Z  - suspend ssh\r\n"
                    + " %1$s#   - list forwarded connections\r\n"
                    + " %1$sC   - open a command line\r\n"
                    + " %1$s?   - this message\r\n"
                    + " %1$s%1$s   - send the escape character by typing it twice\r\n"
                    + "(Note that escapes are only recognized immediately after newline.)\r\n").formatted(e);
        }
    }
}

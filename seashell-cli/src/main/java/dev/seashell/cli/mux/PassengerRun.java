package dev.seashell.cli.mux;

import dev.seashell.config.ClientOptions.RequestTty;
import dev.seashell.config.LogLevel;
import dev.seashell.config.SshHostConfig;
import dev.seashell.mux.MuxClient;
import dev.seashell.mux.MuxException;
import dev.seashell.mux.Stdio;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One ssh session run as a passenger of a master: this process's stdio handed over, the exit status taken back. */
final class PassengerRun {
    private final SshHostConfig host;
    private final String command;
    private final boolean noCommand;
    private final boolean stdinNull;
    private final boolean subsystem;
    private final String stdioForward;
    private String savedTty;

    PassengerRun(SshHostConfig host, String command, boolean noCommand, boolean stdinNull, boolean subsystem, String stdioForward) {
        this.stdioForward = stdioForward;
        this.host = host;
        this.command = command;
        this.noCommand = noCommand;
        this.stdinNull = stdinNull;
        this.subsystem = subsystem;
    }

    /** Runs the session through {@code c}; ssh's exit code (255 when the master vanished mid-session). */
    int through(MuxClient c) throws IOException {
        int masterPid = c.aliveCheck();
        ControlCommands.requestForwards(c, host, false, true);
        if (stdioForward != null) return stdio(c);
        if (noCommand) return 0; // -N with a master: the forwards were all that was asked
        boolean stdinTty = !stdinNull && Stdio.isTerminal(Stdio.IN);
        boolean tty = switch (host.requestTty()) {
            case FORCE -> true;
            case YES -> stdinTty;
            case NO -> false;
            case AUTO -> command.isEmpty() && !subsystem && stdinTty;
        };
        if (host.requestTty() == RequestTty.YES && !stdinTty && !command.isEmpty()) {
            System.err.println("Pseudo-terminal will not be allocated because stdin is not a terminal.");
        }
        int in = stdinNull ? Stdio.openDevNull() : Stdio.IN;
        MuxClient.Session s;
        try {
            s = c.openSession(new MuxClient.SessionRequest(command, tty, subsystem, environment(),
                    System.getenv().getOrDefault("TERM", ""), host.escapeChar()), in, Stdio.OUT, Stdio.ERR);
        } catch (MuxException e) {
            System.err.println((e.denied() ? "Master refused session request: " : "mux_client_request_session: session request failed: ")
                    + e.getMessage());
            return 255;
        } finally {
            if (stdinNull) Stdio.close(in);
        }
        if (tty) {
            rawMode();
            Winch.onResize(() -> Stdio.signal(masterPid, Winch.SIGWINCH)); // as OpenSSH's mux client relays it
        }
        try {
            return s.awaitExit(sid -> restore());
        } finally {
            restore();
            if (tty && host.logLevel().compareTo(LogLevel.INFO) >= 0) {
                System.err.print("Shared connection to " + host.hostName() + " closed.\r\n");
            }
        }
    }

    /** -W host:port through the master (MUX_C_NEW_STDIO_FWD): stdin and stdout handed over. */
    private int stdio(MuxClient c) throws IOException {
        int colon = stdioForward.lastIndexOf(':');
        if (colon < 0) {
            System.err.println("Bad stdio forwarding specification '" + stdioForward + "'");
            return 255;
        }
        String h = stdioForward.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        try {
            c.openStdioForward(h, Integer.parseInt(stdioForward.substring(colon + 1)), Stdio.IN, Stdio.OUT).awaitClose();
            return 0;
        } catch (MuxException e) {
            System.err.println("Stdio forwarding request failed: " + e.getMessage());
            return 255;
        } catch (NumberFormatException e) {
            System.err.println("Bad stdio forwarding specification '" + stdioForward + "'");
            return 255;
        }
    }

    /** SendEnv patterns over this process's environment, then SetEnv, as NAME=value. */
    private List<String> environment() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (host.sendEnv().stream().anyMatch(p -> glob(p, e.getKey()))) out.add(e.getKey() + "=" + e.getValue());
        }
        out.addAll(host.setEnv());
        return out;
    }

    static boolean glob(String pattern, String name) {
        if (pattern.startsWith("-")) return false;
        return name.matches(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"));
    }

    private void rawMode() {
        try {
            savedTty = stty("-g");
            stty("raw", "-echo");
        } catch (IOException e) {
            savedTty = null;
        }
    }

    private void restore() {
        if (savedTty == null) return;
        try {
            stty(savedTty);
        } catch (IOException ignored) {
            // nothing better to do
        }
        savedTty = null;
    }

    private static String stty(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) throw new IOException("stty: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }
}

package dev.seashell.cli.agent;

import java.io.BufferedReader;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A command's streams and environment, so tests can run commands in process. With {@code tty}
 * false, prompts read lines from {@code in} instead of /dev/tty.
 */
final class Io {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    final boolean tty;
    private BufferedReader lines;

    Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env, boolean tty) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
        this.tty = tty;
    }

    static Io system() {
        return new Io(System.in, System.out, System.err, System.getenv(), true);
    }

    String env(String name) {
        return env.get(name);
    }

    String home() {
        String h = env.get("HOME");
        return h != null ? h : System.getProperty("user.home");
    }

    /**
     * Reads a secret as OpenSSH's read_passphrase does: on the terminal without echo, or (with no
     * terminal) a line from stdin. Null on end of input.
     */
    char[] readSecret(String prompt) {
        if (tty) {
            java.io.Console c = System.console();
            if (c != null && c.isTerminal()) return c.readPassword("%s", prompt);
            try (Writer w = new FileWriter("/dev/tty", StandardCharsets.UTF_8);
                 BufferedReader r = new BufferedReader(new FileReader("/dev/tty", StandardCharsets.UTF_8))) {
                w.write(prompt);
                w.flush();
                stty("-echo");
                try {
                    String line = r.readLine();
                    w.write("\n");
                    return line == null ? null : line.toCharArray();
                } finally {
                    stty("echo");
                }
            } catch (IOException e) {
                // no controlling terminal: fall back to stdin
            }
        }
        err.print(prompt);
        err.flush();
        try {
            if (lines == null) lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = lines.readLine();
            err.println();
            return line == null ? null : line.toCharArray();
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a line with echo from the terminal; null when there is none. */
    char[] readSecretEcho(String prompt) {
        try (Writer w = new FileWriter("/dev/tty", StandardCharsets.UTF_8);
             BufferedReader r = new BufferedReader(new FileReader("/dev/tty", StandardCharsets.UTF_8))) {
            w.write(prompt);
            w.flush();
            String line = r.readLine();
            return line == null ? null : line.toCharArray();
        } catch (IOException e) {
            return null;
        }
    }

    private static void stty(String arg) {
        try {
            Process p = new ProcessBuilder("stty", arg).redirectInput(new java.io.File("/dev/tty"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException e) {
            // no stty: the secret may echo
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.seashell.cli.keygen;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The streams and environment keygen works with. Prompts go to the terminal when there is one;
 * otherwise, as readpassphrase(3) without a tty, questions are printed (file names to stdout,
 * passphrases to stderr) and answers read a line at a time from stdin.
 */
final class Io {
    final InputStream in;
    final PrintStream out;
    final PrintStream err;
    final Path home;
    private final Console console;

    Io(InputStream in, PrintStream out, PrintStream err, Path home, Console console) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.home = home;
        this.console = console;
    }

    static Io system() {
        Console c = System.console();
        return new Io(System.in, System.out, System.err, Path.of(System.getProperty("user.home")),
                c != null && c.isTerminal() ? c : null);
    }

    /** Asks a question whose answer may be shown (file names, y/n, comments); null at end of input. */
    String ask(String prompt) throws IOException {
        if (console != null) return console.readLine("%s", prompt);
        out.print(prompt);
        out.flush();
        return readLine();
    }

    /** Asks for a secret without echo; null at end of input. */
    char[] askSecret(String prompt) throws IOException {
        if (console != null) return console.readPassword("%s", prompt);
        err.print(prompt);
        err.flush();
        String s = readLine();
        return s == null ? null : s.toCharArray();
    }

    /** One line, read byte by byte so that the rest of stdin stays unread. */
    private String readLine() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (buf.size() > 8192) break;
            buf.write(b);
        }
        if (b < 0 && buf.size() == 0) return null;
        String s = buf.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** "user@host" as ssh-keygen's default comment, from the login name and gethostname(). */
    static String defaultComment() {
        return System.getProperty("user.name") + "@" + hostName();
    }

    static String hostName() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException ex) {
                return "localhost";
            }
        }
    }
}

package dev.seashell.server;

import dev.seashell.connection.PtyRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One exec or shell request as a {@link CommandHandler} sees it.
 *
 * @param user        the authenticated user
 * @param remote      the client's address (null when served over plain streams)
 * @param commandLine the command as the client sent it; empty for a shell request
 * @param environment the variables the client set and the server accepted
 * @param pty         the terminal the client asked for, if the server accepted one
 * @param stdin       the client's input; end of stream after the client's EOF
 * @param stdout      output to the client
 * @param stderr      error output to the client (kept apart from stdout)
 */
public record Command(String user, InetSocketAddress remote, Optional<String> commandLine,
                      Map<String, String> environment, Optional<PtyRequest> pty,
                      InputStream stdin, OutputStream stdout, OutputStream stderr) {
    /** Whether the client asked for a shell rather than one command. */
    public boolean isShell() {
        return commandLine.isEmpty();
    }

    /** {@link #stdout} as UTF-8 text; flush it (or return) to send what was printed. */
    public PrintStream out() {
        return new PrintStream(stdout, false, StandardCharsets.UTF_8);
    }

    /** {@link #stderr} as UTF-8 text. */
    public PrintStream err() {
        return new PrintStream(stderr, false, StandardCharsets.UTF_8);
    }
}

package dev.seashell.mux;

import dev.seashell.client.EscapeFilter;
import dev.seashell.client.EscapeFilter.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The escape commands a master applies to a terminal passenger's input, as OpenSSH's does for mux
 * clients: {@code ~.} ends the session, {@code ~?} prints help (to the passenger's stderr).
 */
final class MasterEscapes {
    private MasterEscapes() {}

    static EscapeFilter filter(int escape, OutputStream messages) {
        return new EscapeFilter(escape, (c, in) -> switch (c) {
            case '.' -> {
                say(messages, "%c.\r\n".formatted((char) escape));
                yield Outcome.STOP;
            }
            case '?' -> {
                say(messages, help(escape));
                yield Outcome.HANDLED;
            }
            default -> Outcome.UNKNOWN;
        });
    }

    private static void say(OutputStream messages, String text) throws IOException {
        messages.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String help(int escape) {
        return ("\r\nSupported escape sequences:\r\n"
                + " %1$c.   - terminate session\r\n"
                + " %1$c?   - this message\r\n"
                + " %1$c%1$c   - send the escape character by typing it twice\r\n"
                + "(Note that escapes are only recognized immediately after newline.)\r\n").formatted((char) escape);
    }
}

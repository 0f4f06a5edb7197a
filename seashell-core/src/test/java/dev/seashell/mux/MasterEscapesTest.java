package dev.seashell.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MasterEscapesTest {
    private static String[] run(String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        boolean ended = MasterEscapes.filter('~', msg).copy(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
        return new String[] {out.toString(StandardCharsets.UTF_8), msg.toString(StandardCharsets.UTF_8), String.valueOf(ended)};
    }

    @Test
    void escapesAreRecognisedOnlyAtLineStart() throws IOException {
        assertThat(run("a~.b\n~~x\n~y")).containsExactly("a~.b\n~x\n~y", "", "false");
    }

    @Test
    void tildeDotEndsAndKeepsWhatCameBefore() throws IOException {
        assertThat(run("ls\n~.rest")).containsExactly("ls\n", "~.\r\n", "true");
    }

    @Test
    void tildeQuestionPrintsHelpAndPassesNothing() throws IOException {
        String[] r = run("~?z");
        assertThat(r[0]).isEqualTo("z");
        assertThat(r[1]).contains("Supported escape sequences").contains("~.   - terminate session");
    }
}

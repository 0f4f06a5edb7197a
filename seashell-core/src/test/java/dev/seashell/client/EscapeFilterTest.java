package dev.seashell.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EscapeFilterTest {
    private final List<String> seen = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private boolean run(String input) throws IOException {
        EscapeFilter f = new EscapeFilter('~', (c, in) -> switch (c) {
            case '.' -> EscapeFilter.Outcome.STOP;
            case 'C' -> {
                seen.add("C:" + (char) in.read()); // a handler may read on (the ~C command line)
                yield EscapeFilter.Outcome.HANDLED;
            }
            default -> EscapeFilter.Outcome.UNKNOWN;
        });
        return f.copy(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out);
    }

    @Test
    void escapesOnlyAfterNewlineAndDoubledEscapeSendsOne() throws IOException {
        assertThat(run("a~.b\n~~x\n~zy")).isFalse();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a~.b\n~x\n~zy");
    }

    @Test
    void inputBeforeACommandIsSentFirstAndStopEndsTheCopy() throws IOException {
        assertThat(run("ls\n~Cq\r~.after")).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("ls\n\r");
        assertThat(seen).containsExactly("C:q");
    }
}

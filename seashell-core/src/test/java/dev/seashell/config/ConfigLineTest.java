package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLineTest {
    @Test
    void keywordSeparatedBySpaceOrEquals() throws Exception {
        assertThat(ConfigLine.parse("f", 1, "  Port 22").args()).containsExactly("22");
        assertThat(ConfigLine.parse("f", 1, "Port=22").args()).containsExactly("22");
        ConfigLine l = ConfigLine.parse("f", 1, "Port = 22");
        assertThat(l.keyword()).isEqualTo("Port");
        assertThat(l.args()).containsExactly("22");
        assertThat(l.key()).isEqualTo("port");
    }

    @Test
    void quotesEscapesAndComments() throws Exception {
        ConfigLine l = ConfigLine.parse("f", 3, "Banner \"/a b/c\" 'd e' f\\ g h#i # comment");
        assertThat(l.args()).containsExactly("/a b/c", "d e", "f g", "h#i");
        assertThat(ConfigLine.parse("f", 1, "# only a comment")).isNull();
        assertThat(ConfigLine.parse("f", 1, "   ")).isNull();
    }

    @Test
    void unterminatedQuoteIsAnError() {
        assertThatThrownBy(() -> ConfigLine.parse("/etc/x", 7, "Banner \"abc"))
                .isInstanceOf(ConfigException.class).hasMessage("/etc/x line 7: invalid quotes");
    }

    @Test
    void restKeepsTheRawCommand() throws Exception {
        ConfigLine l = ConfigLine.parse("f", 1, "ProxyCommand ssh -W %h:%p \"jump host\"");
        assertThat(l.rest()).isEqualTo("ssh -W %h:%p \"jump host\"");
        assertThat(l.args()).isEqualTo(List.of("ssh", "-W", "%h:%p", "jump host"));
    }
}

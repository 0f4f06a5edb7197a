package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sshd_config keywords behind agent and X11 forwarding, with sshd's defaults. */
class X11AndAgentSshdConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreSshds() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 2222\n");
        SshdConfig c = SshdConfig.parse(f);
        assertThat(c.allowAgentForwarding()).isTrue();
        assertThat(c.x11Forwarding()).isFalse();
        assertThat(c.x11DisplayOffset()).isEqualTo(10);
        assertThat(c.x11UseLocalhost()).isTrue();
        assertThat(c.xauthLocation()).isEqualTo("/usr/bin/xauth");
    }

    @Test
    void valuesAreRead() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, """
                AllowAgentForwarding no
                X11Forwarding yes
                X11DisplayOffset 20
                X11UseLocalhost no
                XAuthLocation /opt/bin/xauth
                """);
        SshdConfig c = SshdConfig.parse(f);
        assertThat(c.allowAgentForwarding()).isFalse();
        assertThat(c.x11Forwarding()).isTrue();
        assertThat(c.x11DisplayOffset()).isEqualTo(20);
        assertThat(c.x11UseLocalhost()).isFalse();
        assertThat(c.xauthLocation()).isEqualTo("/opt/bin/xauth");
    }
}

package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SshHostConfig#jumpHost()}: ProxyJump resolved as ssh resolves its {@code -W} child. */
class JumpHostConfigTest {
    @TempDir
    Path home;

    private SshHostConfig host(String userConfig, String host, String... overrides) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/config"), userConfig);
        SshConfig.Builder b = SshConfig.builder().home(home).systemConfig(null).localUser("me")
                .localHostname("box.local").uid("1000").environment(Map.of());
        for (String o : overrides) b.override(o);
        return b.load().forHost(host);
    }

    private static final String CONFIG = """
            Host inner
              HostName 10.0.0.5
              ProxyJump alice@bastion:2222,gw
            Host bastion
              HostName bastion.example.com
              User ops
              Port 22
            Host gw
              HostName gw.example.com
              Port 2200
            """;

    @Test
    void noProxyJumpNoJumpHost() throws Exception {
        assertThat(host(CONFIG, "bastion").jumpHost()).isEmpty();
    }

    @Test
    void theLastHopIsResolvedFromItsOwnSectionWithTheEarlierHopsAsItsProxyJump() throws Exception {
        SshHostConfig gw = host(CONFIG, "inner").jumpHost().orElseThrow();

        assertThat(gw.hostName()).isEqualTo("gw.example.com");
        assertThat(gw.port()).isEqualTo(2200);
        assertThat(gw.proxyJump()).contains("alice@bastion:2222");

        SshHostConfig bastion = gw.jumpHost().orElseThrow();
        assertThat(bastion.hostName()).isEqualTo("bastion.example.com");
        assertThat(bastion.user()).as("the spec's user wins over the section's").isEqualTo("alice");
        assertThat(bastion.port()).as("the spec's port wins over the section's").isEqualTo(2222);
        assertThat(bastion.jumpHost()).isEmpty();
    }

    @Test
    void commandLineOverridesDoNotReachTheJumpHost() throws Exception {
        SshHostConfig inner = host(CONFIG, "inner", "User=root", "Port=2022");
        assertThat(inner.user()).isEqualTo("root");

        SshHostConfig gw = inner.jumpHost().orElseThrow();
        assertThat(gw.user()).isEqualTo("me");
        assertThat(gw.port()).isEqualTo(2200);
    }

    @Test
    void uriAndBracketedSpecs() throws Exception {
        SshHostConfig a = host("Host t\n  ProxyJump ssh://bob@[::1]:2022\n", "t").jumpHost().orElseThrow();
        assertThat(a.hostName()).isEqualTo("::1");
        assertThat(a.user()).isEqualTo("bob");
        assertThat(a.port()).isEqualTo(2022);

        SshHostConfig b = host("Host t\n  ProxyJump [10.1.1.1]:2023\n", "t").jumpHost().orElseThrow();
        assertThat(b.hostName()).isEqualTo("10.1.1.1");
        assertThat(b.port()).isEqualTo(2023);
    }

    @Test
    void anInvalidSpecFailsWithOpenSshsMessage() throws Exception {
        SshHostConfig t = host("Host t\n  ProxyJump bad:99999\n", "t");

        assertThatThrownBy(t::jumpHost).isInstanceOf(ConfigException.class)
                .hasMessage("ssh: Invalid ProxyJump \"bad:99999\"");
    }
}

package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IdentityAgent as ssh_config(5) reads it: none, SSH_AUTH_SOCK, $VAR, a path with tokens; unset means $SSH_AUTH_SOCK. */
class IdentityAgentConfigTest {
    @TempDir Path home;

    private SshHostConfig host(String config, Map<String, String> env) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/config"), config);
        return SshConfig.builder().home(home).systemConfig(home.resolve("no_system_config")).localUser("me")
                .localHostname("box.local").uid("1000").environment(env).load().forHost("h");
    }

    @Test
    void unsetOrSshAuthSockReadsTheEnvironment() throws Exception {
        Map<String, String> env = Map.of("SSH_AUTH_SOCK", "/run/agent.sock", "OTHER", "/other.sock");
        assertThat(host("", env).identityAgent()).contains("/run/agent.sock");
        assertThat(host("IdentityAgent SSH_AUTH_SOCK\n", env).identityAgent()).contains("/run/agent.sock");
        assertThat(host("IdentityAgent $OTHER\n", env).identityAgent()).contains("/other.sock");
        assertThat(host("", Map.of()).identityAgent()).as("no agent in the environment").isEmpty();
        assertThat(host("IdentityAgent $UNSET\n", env).identityAgent()).isEmpty();
    }

    @Test
    void noneTurnsTheAgentOffAndPathsAreExpanded() throws Exception {
        Map<String, String> env = Map.of("SSH_AUTH_SOCK", "/run/agent.sock", "DIR", "/d");
        assertThat(host("IdentityAgent none\n", env).identityAgent()).isEmpty();
        assertThat(host("Host h\n  IdentityAgent ~/.ssh/agent-%r-%h\nHost *\n  IdentityAgent none\n", env).identityAgent())
                .contains(home + "/.ssh/agent-me-h");
        assertThat(host("IdentityAgent ${DIR}/a.sock\n", env).identityAgent()).contains("/d/a.sock");
    }
}

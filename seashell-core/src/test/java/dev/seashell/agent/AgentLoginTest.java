package dev.seashell.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins through Seashell's agent: OpenSSH's ssh, and Seashell's own client via AgentKeyPair. */
class AgentLoginTest {
    @TempDir
    Path tmp;
    private final List<String> debug = new CopyOnWriteArrayList<>();
    private AgentServer agent;

    @BeforeEach
    void start() throws IOException {
        OpenSsh.assumeSsh();
        agent = AgentServer.start(AgentServer.privateSocketPath(), AgentServer.Options.defaults().withConfirmer(Confirmer.REFUSE).withDebug(debug::add));
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    private Path key(String type, String comment) {
        Path k = tmp.resolve("id_" + type);
        OpenSsh.keygen(type, type.equals("rsa") ? 2048 : 0, k, comment);
        return k;
    }

    @Test
    void sshLogsInThroughTheAgent() throws IOException {
        Path k = key("ed25519", "login@test");
        try (AgentClient c = AgentClient.connect(agent.socket())) {
            c.add(PrivateKeyFiles.read(k, null), Constraints.NONE);
        }
        try (OpenSshServer sshd = OpenSshServer.builder().hostKeyTypes("ed25519").authorizedKey(Files.readString(OpenSsh.publicKeyFile(k))).start()) {
            Path kh = tmp.resolve("known_hosts");
            Files.writeString(kh, sshd.knownHostsLine());
            List<String> cmd = new ArrayList<>(OpenSshClient.to(sshd).args("-v").commandLine(kh, "echo", "via-agent"));
            cmd.replaceAll(a -> a.equals("IdentitiesOnly=yes") ? "IdentitiesOnly=no" : a);
            ProcessRunner.Result r = ProcessRunner.command(cmd).env("SSH_AUTH_SOCK", agent.socket().toString())
                    .env("HOME", tmp.toString()).timeout(Duration.ofSeconds(30)).run();
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stdoutText().strip()).isEqualTo("via-agent");
            assertThat(r.stderrText()).containsPattern("Server accepts key: .*login@test.* agent");
            assertThat(debug).anyMatch(s -> s.contains("session-bind: recorded"));
        }
    }

    @Test
    void seashellClientAuthenticatesWithAnAgentKey() throws IOException {
        Path k = key("ecdsa", "lib@test");
        try (AgentClient c = AgentClient.connect(agent.socket());
             OpenSshServer sshd = OpenSshServer.builder().hostKeyTypes("ed25519").authorizedKey(Files.readString(OpenSsh.publicKeyFile(k))).start()) {
            c.add(PrivateKeyFiles.read(k, null), Constraints.NONE);
            List<SshKeyPair> ids = List.copyOf(c.keyPairs());
            var auth = new dev.seashell.auth.ClientUserAuth.Options(System.getProperty("user.name"), ids, null, null,
                    List.of("publickey"), 1, OpenSshServer.HOST);
            var options = new dev.seashell.client.SshClient.Options(dev.seashell.transport.TransportConfig.defaults(),
                    key -> { }, auth, Duration.ofSeconds(10), null, null);
            try (var client = dev.seashell.client.SshClient.connect(OpenSshServer.HOST, sshd.port(), options)) {
                assertThat(client.exec("echo agent-lib", Duration.ofSeconds(20)).stdoutText().strip()).isEqualTo("agent-lib");
            }
        }
    }
}

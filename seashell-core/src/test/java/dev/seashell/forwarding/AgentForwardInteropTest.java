package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.agent.AgentServer;
import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.UserAccount;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ClientSession;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent forwarding both ways: Seashell's client to OpenSSH's sshd, OpenSSH's ssh -A to a Seashell server. */
class AgentForwardInteropTest {
    static final Path SSH_ADD = Path.of("/usr/bin/ssh-add");
    static final Duration T = Duration.ofSeconds(20);
    static OpenSshClient.UserKey key;
    static OpenSshClient.UserKey agentKey;
    static SshKeyPair keyPair;
    static AgentServer agent;
    static String agentFingerprint;
    static OpenSshServer sshd;
    static SshServer seashell;
    static SshKeyPair seashellHostKey;
    static final List<String> seashellLog = new CopyOnWriteArrayList<>();
    static Path cfg;
    static Path authorizedKeys;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        OpenSsh.assumeSshd();
        assumeTrue(Files.isExecutable(SSH_ADD), "ssh-add not installed");
        key = OpenSshClient.newUserKey();
        keyPair = PrivateKeyFiles.read(key.privateKey(), null);
        agentKey = OpenSshClient.newUserKey("ecdsa");
        agent = AgentServer.start(AgentServer.privateSocketPath(), AgentServer.Options.defaults());
        ProcessRunner.Result add = ProcessRunner.command(SSH_ADD.toString(), agentKey.privateKey().toString())
                .env("SSH_AUTH_SOCK", agent.socket().toString()).timeout(T).run();
        assertThat(add.exitCode()).as(add.describe()).isZero();
        String fp = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-lf", agentKey.publicKey().toString()).run().stdoutText();
        agentFingerprint = fp.split(" ")[1];
        sshd = OpenSshServer.builder().authorizedKey(key.publicLine()).start();
        seashellHostKey = KeyGen.generate("ed25519", 0);
        authorizedKeys = dir.resolve("authorized_keys");
        Files.writeString(authorizedKeys, key.publicLine() + "\n");
        UserAccount me = UserAccount.current();
        seashell = ProxyFixtures.seashell(seashellHostKey,
                new AuthorizedKeysAuthenticator(List.of(authorizedKeys.toString()), u -> Optional.of(me)),
                ForwardingPolicy.openSshDefaults(), seashellLog);
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine() + ProxyFixtures.knownHostsLine(seashell.port(), seashellHostKey));
        cfg = ProxyFixtures.sshConfig(dir, key.privateKey(), knownHosts);
    }

    @AfterAll
    static void stop() {
        if (seashell != null) seashell.close();
        if (sshd != null) sshd.close();
        if (agent != null) agent.close();
    }

    /** Runs {@code command} on a session that asked for agent forwarding; stdout. */
    private static String execWithAgent(SshClient c, AgentForwardingClient fwd, String command) throws IOException {
        try (ClientSession s = c.openSession()) {
            fwd.request(s);
            s.exec(command);
            s.stdin().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.stdout().transferTo(out);
            s.exitStatus(T);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void seashellClientForwardsItsAgentToOpenSshSshd() throws Exception {
        try (SshClient c = SshClient.connect(sshd.host(), sshd.port(), ProxyFixtures.options(keyPair))) {
            AgentForwardingClient fwd = AgentForwardingClient.register(c.connection(), agent.socket(), null);
            String out = execWithAgent(c, fwd, "ssh-add -l; echo sock=$SSH_AUTH_SOCK");
            assertThat(out).contains(agentFingerprint).contains("sock=/tmp/ssh-");
        }
    }

    @Test
    void withoutTheRequestTheSessionHasNoAgent() throws Exception {
        try (SshClient c = SshClient.connect(sshd.host(), sshd.port(), ProxyFixtures.options(keyPair))) {
            assertThat(c.exec("echo sock=$SSH_AUTH_SOCK", T).stdoutText()).isEqualTo("sock=\n");
        }
    }

    @Test
    void openSshForwardsItsAgentToASeashellServerAndTheSocketGoesAwayAfterwards() throws Exception {
        ProcessRunner.Result r = ProxyFixtures.ssh(cfg, "-A", "-p", String.valueOf(seashell.port()), "127.0.0.1",
                "ssh-add -l; echo sock=$SSH_AUTH_SOCK; stat -c %a $(dirname $SSH_AUTH_SOCK)")
                .env("SSH_AUTH_SOCK", agent.socket().toString()).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stdoutText()).contains(agentFingerprint).contains("\n700\n");
        String sock = r.stdoutText().lines().filter(l -> l.startsWith("sock=")).findFirst().orElseThrow().substring(5);
        assertThat(sock).startsWith(System.getProperty("java.io.tmpdir")).contains("/ssh-").contains("/agent.");
        Instant deadline = Instant.now().plusSeconds(10);
        // The server removes the socket, then its directory, when the connection ends: poll (bounded) for both.
        while ((Files.exists(Path.of(sock)) || Files.exists(Path.of(sock).getParent())) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(Path.of(sock)).doesNotExist();
        assertThat(Path.of(sock).getParent()).doesNotExist();
    }

    @Test
    void noAgentForwardingInAuthorizedKeysIsEnforced() throws Exception {
        OpenSshClient.UserKey restricted = OpenSshClient.newUserKey();
        Files.writeString(authorizedKeys, "no-agent-forwarding " + restricted.publicLine() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        Path rcfg = ProxyFixtures.sshConfig(Files.createTempDirectory(dir, "r"), restricted.privateKey(), dir.resolve("known_hosts"));
        ProcessRunner.Result r = ProxyFixtures.ssh(rcfg, "-A", "-p", String.valueOf(seashell.port()), "127.0.0.1",
                "echo sock=$SSH_AUTH_SOCK; ssh-add -l").env("SSH_AUTH_SOCK", agent.socket().toString()).run();
        assertThat(r.stdoutText()).startsWith("sock=\n").doesNotContain(agentFingerprint);
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(2); // ssh-add: no agent
        assertThat(seashellLog).anyMatch(l -> l.contains("Agent forwarding disabled"));
    }

    @Test
    void allowAgentForwardingNoRefusesTheRequest() throws Exception {
        try (SshServer off = ProxyFixtures.seashell(seashellHostKey, (u, k, a) -> true,
                ForwardingPolicy.openSshDefaults().withAgentForwarding(false), new CopyOnWriteArrayList<>());
             SshClient c = SshClient.connect("127.0.0.1", off.port(), ProxyFixtures.options(keyPair))) {
            AgentForwardingClient fwd = AgentForwardingClient.register(c.connection(), agent.socket(), null);
            assertThat(execWithAgent(c, fwd, "echo sock=$SSH_AUTH_SOCK")).isEqualTo("sock=\n");
        }
    }

    @Test
    void seashellClientToSeashellServer() throws Exception {
        try (SshClient c = SshClient.connect("127.0.0.1", seashell.port(), ProxyFixtures.options(keyPair))) {
            AgentForwardingClient fwd = AgentForwardingClient.register(c.connection(), agent.socket(), null);
            assertThat(execWithAgent(c, fwd, "ssh-add -l")).contains(agentFingerprint);
        }
    }
}

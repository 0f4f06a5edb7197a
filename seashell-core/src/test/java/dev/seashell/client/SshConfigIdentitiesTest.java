package dev.seashell.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.agent.AgentClient;
import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.config.SshConfig;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's ssh_config identities against OpenSSH 9.2: an ssh-agent named by IdentityAgent (or
 * $SSH_AUTH_SOCK), IdentitiesOnly, a user certificate from CertificateFile or beside the IdentityFile.
 * sshd trusts one plain key (held only by the agent) and a CA that signed the certificate.
 */
class SshConfigIdentitiesTest {
    private static final String USER = System.getProperty("user.name");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir static Path dir;
    private static OpenSshServer sshd;
    private static Process agent;
    private static Path socket;
    private static Path agentKey;
    private static Path certKey;
    private static Path knownHosts;

    @BeforeAll
    static void start() throws Exception {
        OpenSsh.assumeSshd();
        agentKey = dir.resolve("agent_key");
        OpenSsh.keygen("ed25519", 0, agentKey, "in-agent");
        certKey = dir.resolve("cert_key");
        OpenSsh.keygen("ecdsa", 256, certKey, "certified");
        Path ca = dir.resolve("ca");
        OpenSsh.keygen("ed25519", 0, ca, "ca");
        run(OpenSsh.SSH_KEYGEN.toString(), "-q", "-s", ca.toString(), "-I", "lib-test", "-n", USER, "-V", "-5m:+1h",
                OpenSsh.publicKeyFile(certKey).toString());
        assertThat(dir.resolve("cert_key-cert.pub")).exists();

        sshd = OpenSshServer.builder().authorizedKey(Files.readString(OpenSsh.publicKeyFile(agentKey)).strip())
                .config("TrustedUserCAKeys " + OpenSsh.publicKeyFile(ca), "PasswordAuthentication no",
                        "KbdInteractiveAuthentication no").start();
        knownHosts = Files.writeString(dir.resolve("known_hosts"), sshd.knownHostsLine());

        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder(OpenSsh.SSH.getParent().resolve("ssh-agent").toString(), "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ProcessRunner.Result add = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; i < 100 && System.nanoTime() < deadline && (add == null || add.exitCode() != 0); i++) {
            add = ProcessRunner.command(OpenSsh.SSH.getParent().resolve("ssh-add").toString(), agentKey.toString())
                    .env("SSH_AUTH_SOCK", socket.toString()).timeout(Duration.ofSeconds(10)).run();
        }
        assertThat(add).as("ssh-agent listening").isNotNull();
        assertThat(add.exitCode()).as(add.describe()).isZero();
        // the key now lives only in the agent: the file is gone, its .pub stays for IdentitiesOnly
        Files.delete(agentKey);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (agent != null) {
            agent.destroy();
            agent.waitFor();
        }
        if (sshd != null) sshd.close();
    }

    private static void run(String... command) {
        ProcessRunner.Result r = ProcessRunner.command(command).timeout(TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
    }

    /** An ssh_config with one alias for the sshd, plus {@code extra} lines in its section. */
    private static Path config(String name, String... extra) throws IOException {
        return Files.writeString(dir.resolve(name), """
                Host lib
                  HostName %s
                  Port %d
                  User %s
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  PreferredAuthentications publickey
                  ConnectTimeout 20
                %s
                """.formatted(sshd.host(), sshd.port(), USER, knownHosts, "  " + String.join("\n  ", extra)));
    }

    private static String whoami(ClientBuilder builder) throws IOException {
        try (SshClient ssh = builder.connect()) {
            return ssh.exec("echo $USER", TIMEOUT).stdoutText();
        }
    }

    @Test
    void identityAgentNamesTheAgentThatSigns() throws IOException {
        Path cfg = config("agent_config", "IdentityAgent " + socket, "IdentityFile " + dir.resolve("absent"));

        assertThat(whoami(SshClient.builder("lib").config(cfg))).isEqualTo(USER + "\n");
    }

    @Test
    void withoutIdentityAgentSshAuthSockOfTheConfigsEnvironmentIsUsed() throws IOException {
        // what useSshConfig() loads, with this test's home and environment instead of the JVM's
        Path home = Files.createDirectories(dir.resolve("home/.ssh")).getParent();
        Files.copy(config("env_config", "IdentityFile " + dir.resolve("absent")), home.resolve(".ssh/config"));
        SshConfig loaded = SshConfig.builder().home(home).systemConfig(dir.resolve("no_system_config"))
                .environment(Map.of("SSH_AUTH_SOCK", socket.toString())).load();

        assertThat(whoami(SshClient.builder("lib").config(loaded))).isEqualTo(USER + "\n");
    }

    @Test
    void identitiesOnlyKeepsTheAgentKeyThatAnIdentityFileNames() throws IOException {
        Path named = config("only_named", "IdentityAgent " + socket, "IdentitiesOnly yes",
                "IdentityFile " + OpenSsh.publicKeyFile(agentKey));
        Path other = config("only_other", "IdentityAgent " + socket, "IdentitiesOnly yes",
                "IdentityFile " + dir.resolve("absent"));

        assertThat(whoami(SshClient.builder("lib").config(named))).isEqualTo(USER + "\n");
        assertThatThrownBy(() -> whoami(SshClient.builder("lib").config(other)))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void certificateFileCertifiesAnIdentityFile() throws IOException {
        // the key alone, somewhere without its -cert.pub: only CertificateFile can name the certificate
        Path alone = Files.createDirectories(dir.resolve("alone")).resolve("key");
        Files.copy(certKey, alone);
        Path withCert = config("certfile", "IdentityAgent none", "IdentityFile " + alone,
                "CertificateFile " + dir.resolve("cert_key-cert.pub"));
        Path without = config("nocert", "IdentityAgent none", "IdentityFile " + alone);

        assertThat(whoami(SshClient.builder("lib").config(withCert))).isEqualTo(USER + "\n");
        assertThatThrownBy(() -> whoami(SshClient.builder("lib").config(without)))
                .as("the plain key is not authorized").isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void certificateBesideTheIdentityFileIsOffered() throws IOException {
        Path cfg = config("beside", "IdentityAgent none", "IdentityFile " + certKey);

        assertThat(whoami(SshClient.builder("lib").config(cfg))).isEqualTo(USER + "\n");
    }

    @Test
    void identityAgentNoneWithoutKeysFails() throws IOException {
        Path cfg = config("none", "IdentityAgent none", "IdentityFile " + dir.resolve("absent"));

        assertThatThrownBy(() -> whoami(SshClient.builder("lib").config(cfg)))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void anAgentGivenToTheBuilderReplacesIdentityAgentAndOptionsOpensNone() throws IOException {
        Path cfg = config("replaced", "IdentityAgent " + dir.resolve("no-agent-here.sock"), "IdentityFile " + dir.resolve("absent"));
        Path live = config("live", "IdentityAgent " + socket, "IdentityFile " + dir.resolve("absent"));

        assertThat(SshClient.builder("lib").config(live).options().auth().identities()).as("options() opens no agent").isEmpty();
        try (AgentClient a = AgentClient.connect(socket)) {
            assertThat(whoami(SshClient.builder("lib").config(cfg).agent(a))).isEqualTo(USER + "\n");
        }
    }

    @Test
    void revokedHostKeysRefusesTheServersKeyBeforeAuthentication() throws IOException {
        Path revoked = Files.writeString(dir.resolve("revoked_host_keys"), String.join("\n", sshd.hostKeyPublicLines()) + "\n");
        Path unrelated = Files.writeString(dir.resolve("unrelated_keys"), Files.readString(OpenSsh.publicKeyFile(certKey)));
        Path refusing = config("revoked", "IdentityAgent " + socket, "RevokedHostKeys " + revoked);
        Path missing = config("revoked_missing", "IdentityAgent " + socket, "RevokedHostKeys " + dir.resolve("absent"));
        Path passing = config("revoked_other", "IdentityAgent " + socket, "RevokedHostKeys " + unrelated);

        assertThatThrownBy(() -> whoami(SshClient.builder("lib").config(refusing)))
                .isInstanceOf(IOException.class).hasMessageContaining("revoked by file " + revoked);
        assertThatThrownBy(() -> whoami(SshClient.builder("lib").config(missing)))
                .isInstanceOf(IOException.class).hasMessageContaining("No such file or directory");
        assertThat(whoami(SshClient.builder("lib").config(passing))).isEqualTo(USER + "\n");
    }
}

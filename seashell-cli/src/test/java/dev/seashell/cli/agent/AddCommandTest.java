package dev.seashell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.agent.AgentServer;
import dev.seashell.agent.Confirmer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell add against Seashell's agent, checked against OpenSSH's ssh-add on the same agent. */
class AddCommandTest {
    @TempDir
    Path home;
    private AgentServer agent;
    private Map<String, String> env;

    @BeforeEach
    void start() throws IOException {
        OpenSsh.assumeSsh();
        agent = AgentServer.start(AgentServer.privateSocketPath(), AgentServer.Options.defaults().withConfirmer(Confirmer.REFUSE));
        env = Map.of("SSH_AUTH_SOCK", agent.socket().toString(), "HOME", home.toString());
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    private CliRun add(String stdin, String... args) {
        return CliRun.run(AddCommand::run, env, stdin, args);
    }

    private ProcessRunner.Result sshAdd(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ssh-add"));
        cmd.addAll(List.of(args));
        return ProcessRunner.command(cmd).env("SSH_AUTH_SOCK", agent.socket().toString()).timeout(Duration.ofSeconds(20)).run();
    }

    @Test
    void defaultIdentitiesListDeleteAndMatchSshAdd() throws IOException {
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        OpenSsh.keygen("ed25519", 0, ssh.resolve("id_ed25519"), "ed@home");
        OpenSsh.keygen("ecdsa", 0, ssh.resolve("id_ecdsa"), "ec@home");
        CliRun r = add("");
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Identity added: " + ssh.resolve("id_ecdsa") + " (ec@home)",
                "Identity added: " + ssh.resolve("id_ed25519") + " (ed@home)");

        CliRun l = add("", "-l");
        assertThat(l.status()).isZero();
        assertThat(l.out()).isEqualTo(sshAdd("-l").stdoutText());
        CliRun bigL = add("", "-L");
        assertThat(bigL.out()).isEqualTo(sshAdd("-L").stdoutText());
        assertThat(bigL.out()).contains(Files.readString(ssh.resolve("id_ed25519.pub")).strip());

        CliRun d = add("", "-d", ssh.resolve("id_ecdsa").toString());
        assertThat(d.status()).as(d.toString()).isZero();
        assertThat(d.err()).contains("Identity removed: " + ssh.resolve("id_ecdsa") + " ECDSA (ec@home)");
        assertThat(add("", "-d", ssh.resolve("id_ecdsa").toString()).status()).isEqualTo(1);
        assertThat(add("", "-l").out()).doesNotContain("ec@home").contains("ed@home");

        assertThat(add("", "-D").err()).contains("All identities removed.");
        CliRun empty = add("", "-l");
        assertThat(empty.status()).isEqualTo(1);
        assertThat(empty.out()).isEqualTo("The agent has no identities.\n");
    }

    @Test
    void lifetimeConfirmAndEncryptedKeys() throws IOException {
        Path key = home.resolve("enc");
        ProcessRunner.Result kg = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "secret", "-a", "2",
                "-C", "enc@test", "-f", key.toString()).run();
        assertThat(kg.exitCode()).as(kg.describe()).isZero();
        CliRun r = add("wrong\nsecret\n", "-t", "1h", "-c", key.toString());
        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.err()).contains("Enter passphrase for " + key + ": ", "Bad passphrase, try again for " + key + ": ",
                "Identity added: " + key + " (enc@test)", "Lifetime set to 3600 seconds", "The user must confirm each use of the key");
        assertThat(sshAdd("-l").stdoutText()).contains("enc@test");
        assertThat(add("\n", key.toString()).status()).as("empty passphrase gives up").isEqualTo(1);
    }

    @Test
    void lockAndUnlock() throws IOException {
        OpenSsh.keygen("ed25519", 0, home.resolve("k"), "k@test");
        assertThat(add("", home.resolve("k").toString()).status()).isZero();
        CliRun mismatch = add("a\nb\n", "-x");
        assertThat(mismatch.status()).isEqualTo(1);
        assertThat(mismatch.err()).contains("Passwords do not match.");
        CliRun lock = add("pw\npw\n", "-x");
        assertThat(lock.status()).as(lock.toString()).isZero();
        assertThat(lock.err()).contains("Enter lock password: ", "Again: ", "Agent locked.");
        assertThat(sshAdd("-l").exitCode()).isEqualTo(1);
        assertThat(add("nope\n", "-X").status()).isEqualTo(1);
        CliRun unlock = add("pw\n", "-X");
        assertThat(unlock.status()).as(unlock.toString()).isZero();
        assertThat(unlock.err()).contains("Agent unlocked.");
        assertThat(sshAdd("-l").stdoutText()).contains("k@test");
    }

    @Test
    void noAgentIsExitStatusTwo() {
        CliRun r = CliRun.run(AddCommand::run, Map.of(), "", "-l");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("Could not open a connection to your authentication agent.\n");
        CliRun gone = CliRun.run(AddCommand::run, Map.of("SSH_AUTH_SOCK", home.resolve("nosock").toString()), "", "-l");
        assertThat(gone.status()).isEqualTo(2);
        assertThat(gone.err()).startsWith("Error connecting to agent: ");
    }
}

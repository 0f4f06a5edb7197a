package dev.seashell.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** seashell agent: the daemon form, -k, and the command form, driven by OpenSSH's ssh-add. */
class AgentCommandTest {
    private static final Path SSH_ADD = Path.of("/usr/bin/ssh-add");

    @Test
    void daemonPrintsShellVariablesAndDiesOnKill() throws Exception {
        assumeTrue(Files.isExecutable(SSH_ADD), "ssh-add not installed");
        CliRun start = CliRun.run(AgentCommand::run, Map.of(), "", "-s");
        assertThat(start.status()).as(start.toString()).isZero();
        Map<String, String> vars = AgentCommand.parseShellOutput(start.out());
        String sock = vars.get("SSH_AUTH_SOCK");
        String pid = vars.get("SSH_AGENT_PID");
        assertThat(start.out()).matches("SSH_AUTH_SOCK=/\\S+/ssh-\\w+/agent\\.\\d+; export SSH_AUTH_SOCK;\n"
                + "SSH_AGENT_PID=" + pid + "; export SSH_AGENT_PID;\necho Agent pid " + pid + ";\n");
        Optional<ProcessHandle> agent = ProcessHandle.of(Long.parseLong(pid));
        try {
            assertThat(agent).isPresent();
            ProcessRunner.Result l = ProcessRunner.command(SSH_ADD.toString(), "-l").env("SSH_AUTH_SOCK", sock)
                    .timeout(Duration.ofSeconds(20)).run();
            assertThat(l.exitCode()).as(l.describe()).isEqualTo(1);
            assertThat(l.stdoutText()).isEqualTo("The agent has no identities.\n");

            CliRun kill = CliRun.run(AgentCommand::run, Map.of("SSH_AGENT_PID", pid), "", "-c", "-k");
            assertThat(kill.status()).as(kill.toString()).isZero();
            assertThat(kill.out()).isEqualTo("unsetenv SSH_AUTH_SOCK;\nunsetenv SSH_AGENT_PID;\necho Agent pid " + pid + " killed;\n");
            agent.get().onExit().get(15, TimeUnit.SECONDS);
            assertThat(Path.of(sock)).doesNotExist();
            assertThat(Path.of(sock).getParent()).doesNotExist();
        } finally {
            agent.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void commandFormRunsTheCommandWithTheAgent() {
        assumeTrue(Files.isExecutable(SSH_ADD), "ssh-add not installed");
        CliRun r = CliRun.run(AgentCommand::run, Map.of(), "", "-t", "1h", "/bin/sh", "-c",
                "test -S \"$SSH_AUTH_SOCK\" && " + SSH_ADD + " -l; exit 7");
        assertThat(r.status()).as(r.toString()).isEqualTo(7);
    }

    @Test
    void killWithoutPidAndBadUsage() {
        CliRun r = CliRun.run(AgentCommand::run, Map.of(), "", "-k");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("SSH_AGENT_PID not set, cannot kill agent");
        assertThat(CliRun.run(AgentCommand::run, Map.of(), "", "-t", "bogus").err()).contains("Invalid lifetime");
        assertThat(CliRun.run(AgentCommand::run, Map.of(), "", "-Z").err()).contains("illegal option -- Z");
    }

    @Test
    void lifetimesParseLikeConvtime() {
        assertThat(dev.seashell.config.Units.seconds("90")).isEqualTo(90);
        assertThat(dev.seashell.config.Units.seconds("1h30m")).isEqualTo(5400);
        assertThat(dev.seashell.config.Units.seconds("2d")).isEqualTo(172800);
        assertThat(dev.seashell.config.Units.seconds("1x")).isEqualTo(-1);
        assertThat(dev.seashell.config.Units.seconds("")).isEqualTo(-1);
    }
}

package dev.seashell.cli;

import static dev.seashell.cli.InteractiveTmuxTest.TMUX;
import static dev.seashell.cli.InteractiveTmuxTest.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for the tmux tests: starts detached tmux sessions, each running a shell command
 * followed by {@code echo EXIT=$?} (and a pause, so the screen stays readable), and kills them after each test.
 */
final class TmuxSessions implements AfterEachCallback {
    private final List<String> sessions = new ArrayList<>();

    /** A session {@code name} of {@code width} x {@code height} running {@code command}; returns the name. */
    String start(String name, int width, int height, String command) {
        sessions.add(name);
        var r = ProcessRunner.command(TMUX.toString(), "new-session", "-d", "-s", name, "-x", String.valueOf(width),
                "-y", String.valueOf(height), command + "; echo EXIT=$?; sleep 60").timeout(Duration.ofSeconds(10)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return name;
    }

    /** A session running {@code args} (seashell's Main in a child JVM) in {@code cwd}. */
    String startSeashell(String name, Path cwd, int width, int height, List<String> args) {
        return start(name, width, height, "cd " + quote(cwd.toString()) + " && " + InteractiveTmuxTest.seashell(args.toArray(String[]::new)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String s : sessions) ProcessRunner.command(TMUX.toString(), "kill-session", "-t", s).timeout(Duration.ofSeconds(5)).run();
        sessions.clear();
    }
}

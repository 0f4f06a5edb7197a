package dev.seashell.cli.agent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Runs a command in process with captured streams, a given stdin and environment, and no terminal. */
record CliRun(int status, String out, String err) {
    static CliRun run(BiFunction<String[], Io, Integer> command, Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("SSH_AUTH_SOCK");
        e.putAll(env);
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), e, false);
        int status = command.apply(args, io);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + status + "\nstdout: " + out + "\nstderr: " + err;
    }
}

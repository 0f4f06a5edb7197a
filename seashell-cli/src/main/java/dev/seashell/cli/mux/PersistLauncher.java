package dev.seashell.cli.mux;

import dev.seashell.mux.MuxClient;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * ControlPersist without fork(2): OpenSSH forks a background master and runs the session as its
 * mux client. Here the same command line is started again as a master ({@code -N -o
 * ControlMaster=yes}, marked by {@link MuxSupport#PERSIST_ENV}); once its socket answers, this
 * process runs the session through it.
 */
final class PersistLauncher {
    private static final long START_DEADLINE_SECONDS = 120; // authentication may prompt

    private PersistLauncher() {}

    /** The session's exit code, the master's if it failed to start, or null when relaunching is impossible. */
    static Integer startAndUse(Path socket, String[] sshArgs, PassengerRun run, Consumer<String> debug) {
        List<String> cmd = relaunchCommand(sshArgs);
        if (cmd == null) {
            debug.accept("ControlPersist: cannot start a background master; this process will be the master");
            return null;
        }
        Process master;
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put(MuxSupport.PERSIST_ENV, "1");
            master = pb.start();
        } catch (IOException e) {
            debug.accept("ControlPersist: " + e.getMessage());
            return null;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_DEADLINE_SECONDS);
        long pause = 5;
        while (true) {
            try (MuxClient c = MuxClient.connect(socket)) {
                return run.through(c);
            } catch (IOException e) {
                // not listening yet
            }
            if (!master.isAlive()) return master.exitValue() == 0 ? 255 : master.exitValue();
            if (System.nanoTime() > deadline) {
                master.destroy();
                System.err.println("ssh: ControlPersist master did not start");
                return 255;
            }
            try {
                master.waitFor(pause, TimeUnit.MILLISECONDS); // wakes early if the master fails
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 255;
            }
            pause = Math.min(pause * 2, 50);
        }
    }

    /** This JVM's command line with the ssh arguments replaced by a master's; null if it cannot be known. */
    static List<String> relaunchCommand(String[] sshArgs) {
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty() || info.arguments().isEmpty()) return null;
        List<String> all = Arrays.asList(info.arguments().get());
        int prefix = all.size() - sshArgs.length;
        if (prefix < 1 || !all.subList(prefix, all.size()).equals(Arrays.asList(sshArgs)) || !all.get(prefix - 1).equals("ssh")) {
            return null;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(info.command().get());
        cmd.addAll(all.subList(0, prefix));
        cmd.addAll(List.of("-N", "-o", "ControlMaster=yes"));
        cmd.addAll(Arrays.asList(sshArgs));
        return cmd;
    }
}

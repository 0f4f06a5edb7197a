package dev.seashell.cli.mux;

import dev.seashell.client.SshClient;
import dev.seashell.config.ClientOptions.ControlMaster;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.mux.MuxClient;
import dev.seashell.mux.MuxForwards;
import dev.seashell.mux.MuxMaster;
import dev.seashell.mux.Stdio;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * ssh's connection sharing for {@code seashell ssh}: -M, -S, -O and ControlMaster / ControlPath /
 * ControlPersist. {@link #tryClient} runs before connecting (an existing master, or a -O command);
 * {@link #startMaster} after (this process becomes the master).
 */
public final class MuxSupport {
    /** Set in the background master that a ControlPersist client starts for itself. */
    static final String PERSIST_ENV = "SEASHELL_MUX_PERSIST_MASTER";
    private static final String FORK_ENV = "SEASHELL_SSH_FORK_NOTIFY";
    private static final int FAILURE = 255;

    private String controlCommand;
    private int masterFlags;

    /** Takes -M (-MM: ask), -S path and -O command; other letters are not ours. */
    public void option(char name, String arg, SshConfig.Builder config) {
        switch (name) {
            case 'M' -> config.override("ControlMaster=" + (++masterFlags > 1 ? "ask" : "yes"));
            case 'S' -> config.override("ControlPath=" + arg);
            case 'O' -> controlCommand = arg;
            default -> throw new IllegalArgumentException("not a mux option: -" + name);
        }
    }

    /**
     * Before connecting: runs a -O command, or the session through an existing master (also one
     * started now for ControlPersist). Returns ssh's exit code, or null to connect normally.
     */
    public Integer tryClient(SshHostConfig host, String[] args, String command, boolean noCommand,
            boolean stdinNull, boolean subsystem, String stdioForward, Consumer<String> debug) {
        Optional<String> path = host.controlPath();
        if (controlCommand != null) {
            if (path.isEmpty()) {
                System.err.println("No ControlPath specified for \"-O\" command");
                return FAILURE;
            }
            if (controlCommand.equals("proxy")) return ProxyRun.run(Path.of(path.get()), command, stdinNull, subsystem);
            return ControlCommands.run(controlCommand, Path.of(path.get()), host);
        }
        if (path.isEmpty() || System.getenv(PERSIST_ENV) != null) return null;
        Path socket = Path.of(path.get());
        ControlMaster cm = host.controlMaster();
        PassengerRun run = new PassengerRun(host, command, noCommand, stdinNull, subsystem, stdioForward);
        if (cm == ControlMaster.NO || cm == ControlMaster.AUTO || cm == ControlMaster.AUTOASK) {
            if (cm != ControlMaster.NO) debug.accept("auto-mux: Trying existing master");
            try (MuxClient c = MuxClient.connect(socket)) {
                return run.through(c);
            } catch (NoSuchFileException e) {
                debug.accept("Control socket \"" + socket + "\" does not exist");
            } catch (ConnectException e) {
                if (cm != ControlMaster.NO) {
                    debug.accept("Stale control socket " + socket + ", unlinking");
                    deleteQuietly(socket);
                }
            } catch (IOException e) {
                System.err.println("Control socket connect(" + socket + "): " + e.getMessage());
            }
        }
        if (cm != ControlMaster.NO && host.controlPersist().isPresent() && (!noCommand || stdioForward != null)) {
            Integer viaPersisted = PersistLauncher.startAndUse(socket, args, run, debug);
            if (viaPersisted != null) return viaPersisted;
        }
        return null;
    }

    /**
     * After connecting: listens as ControlMaster if configured. The result is closed when this
     * ssh's own session is over: without ControlPersist it stops listening, lets running
     * passengers finish and ends the connection.
     */
    public Master startMaster(SshClient client, SshHostConfig host, Consumer<String> debug) {
        Optional<String> path = host.controlPath();
        boolean persistChild = System.getenv(PERSIST_ENV) != null;
        if (path.isEmpty() || (host.controlMaster() == ControlMaster.NO && !persistChild)) return () -> { };
        ControlMaster cm = host.controlMaster();
        boolean ask = cm == ControlMaster.ASK || cm == ControlMaster.AUTOASK;
        MuxMaster master;
        try {
            master = MuxMaster.start(client, new MuxMaster.Options(Path.of(path.get()), debug,
                    new MuxForwards(client, host.gatewayPorts(), debug), ask ? Askpass::confirm : null));
        } catch (FileAlreadyExistsException e) {
            System.err.println("ControlSocket " + path.get() + " already exists, disabling multiplexing");
            return () -> { };
        } catch (IOException e) {
            System.err.println("ssh: cannot listen on control socket " + path.get() + ": " + e.getMessage());
            return () -> { };
        }
        debug.accept("setting up multiplex master socket");
        Winch.onResize(master::refreshWindowSizes);
        Optional<Duration> persist = host.controlPersist();
        boolean backgrounded = persistChild || System.getenv(FORK_ENV) != null;
        if (persist.isPresent() && backgrounded) {
            try {
                Stdio.detach();
            } catch (IOException e) {
                debug.accept("could not detach from the terminal: " + e.getMessage());
            }
            Thread.ofVirtual().name("control-persist").start(() -> {
                try {
                    if (!master.awaitIdle(persist.get())) master.terminate();
                } catch (InterruptedException e) {
                    master.terminate();
                }
            });
            return () -> { };
        }
        return () -> {
            master.stopListening();
            try {
                master.awaitNoPassengers(Duration.ofDays(365));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            master.terminate();
        };
    }

    /** What {@link #startMaster} leaves to be closed after the session; closing does not throw. */
    public interface Master extends AutoCloseable {
        @Override
        void close();
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // another process's business now
        }
    }
}

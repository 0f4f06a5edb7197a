package dev.seashell.cli.mux;

import dev.seashell.config.Forward;
import dev.seashell.config.SshHostConfig;
import dev.seashell.mux.MuxClient;
import dev.seashell.mux.MuxException;
import dev.seashell.mux.MuxMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** ssh -O check|forward|cancel|exit|stop (proxy: {@link ProxyRun}) against the master at ControlPath, with ssh's messages. */
final class ControlCommands {
    private static final int FAILURE = 255;

    private ControlCommands() {}

    static int run(String command, java.nio.file.Path socket, SshHostConfig host) {
        if (!List.of("check", "forward", "cancel", "exit", "stop").contains(command)) {
            System.err.println("Invalid multiplex command.");
            return FAILURE;
        }
        MuxClient c;
        try {
            c = MuxClient.connect(socket);
        } catch (IOException e) {
            System.err.println("Control socket connect(" + socket + "): " + reason(e));
            return FAILURE;
        }
        boolean quiet = host.logLevel() == dev.seashell.config.LogLevel.QUIET;
        try (c) {
            switch (command) {
                case "check" -> System.err.print("Master running (pid=" + c.aliveCheck() + ")\r\n");
                case "exit" -> {
                    c.terminate();
                    if (!quiet) System.err.print("Exit request sent.\r\n");
                }
                case "stop" -> {
                    c.stopListening();
                    if (!quiet) System.err.print("Stop listening request sent.\r\n");
                }
                case "forward" -> {
                    if (!requestForwards(c, host, false, false)) {
                        System.err.println("mux_client_forwards: master forward request failed");
                        return FAILURE;
                    }
                }
                default -> requestForwards(c, host, true, false); // cancel
            }
            return 0;
        } catch (MuxException e) {
            System.err.println("ssh: master refused " + command + " request: " + e.getMessage());
            return FAILURE;
        } catch (IOException e) {
            System.err.println("ssh: mux " + command + " failed: " + e.getMessage());
            return FAILURE;
        }
    }

    /** MUX_C_OPEN_FWD (or CLOSE_FWD) for each configured -L, -R, -D; false if any failed. */
    static boolean requestForwards(MuxClient c, SshHostConfig host, boolean cancel, boolean forSession) throws IOException {
        boolean ok = true;
        for (MuxMessage.Forward f : forwards(host)) {
            try {
                if (cancel) {
                    c.closeForward(f);
                } else {
                    int port = c.openForward(f);
                    if (port != 0) {
                        if (forSession) System.err.println("Allocated port " + port + " for remote forward to " + f.connectHost() + ":" + f.connectPort());
                        else System.out.println(port);
                    }
                }
            } catch (MuxException e) {
                System.err.println("mux_client_forward: " + (cancel ? "cancel " : "") + "forwarding request failed: " + e.getMessage());
                ok = false;
            }
        }
        return ok;
    }

    static List<MuxMessage.Forward> forwards(SshHostConfig host) {
        List<MuxMessage.Forward> out = new ArrayList<>();
        host.localForwards().forEach(f -> out.add(convert(MuxMessage.FWD_LOCAL, f)));
        host.remoteForwards().forEach(f -> out.add(convert(MuxMessage.FWD_REMOTE, f)));
        host.dynamicForwards().forEach(f -> out.add(convert(MuxMessage.FWD_DYNAMIC, f)));
        return out;
    }

    static MuxMessage.Forward convert(int kind, Forward f) {
        String listen = f.listenPath() != null ? f.listenPath() : f.listenHost() == null ? "" : f.listenHost();
        int listenPort = f.listenPath() != null ? MuxMessage.PORT_STREAMLOCAL : f.listenPort();
        String connect = f.connectPath() != null ? f.connectPath() : f.connectHost() == null ? "" : f.connectHost();
        int connectPort = f.connectPath() != null ? MuxMessage.PORT_STREAMLOCAL : f.connectPort();
        return new MuxMessage.Forward(kind, listen, listenPort, connect, connectPort);
    }

    private static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException x -> "No such file or directory";
            case java.net.ConnectException x -> "Connection refused";
            default -> e.getMessage();
        };
    }
}

package dev.seashell.cli;

import dev.seashell.config.ConfigException;
import dev.seashell.sftp.SftpClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code seashell sftp}: sftp(1)'s flags and destinations, an interactive prompt or a batch file
 * ({@code -b}), and the exit codes: 0, 1 when a batch command failed, 255 when the connection
 * could not be made.
 */
final class SftpCommand {
    private static final String USAGE = """
            usage: sftp [-46AaCfNpqrv] [-B buffer_size] [-b batchfile] [-c cipher]
                      [-D sftp_server_command] [-F ssh_config] [-i identity_file]
                      [-J destination] [-l limit] [-o ssh_option] [-P port]
                      [-R num_requests] [-S program] [-s subsystem | sftp_server]
                      destination""";
    private static final String OPTIONS = "46AaCfNpqrvB:b:c:D:F:i:J:l:o:P:R:S:s:";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path localDirectory;
    private final Terminal terminal = new Terminal();
    private int verbose;

    SftpCommand() {
        this(System.in, System.out, System.err, Path.of(""));
    }

    /** For tests and embedding: the streams, and the directory local paths are relative to. */
    SftpCommand(InputStream in, PrintStream out, PrintStream err, Path localDirectory) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.localDirectory = localDirectory;
    }

    int run(String[] args) {
        SftpConnection.Options ssh = new SftpConnection.Options();
        String batchFile = null;
        boolean quiet = false;
        boolean preserve = false;
        boolean recursive = false;
        boolean resume = false;
        int chunk = 0; // 0: from the server's limits once connected
        int depth = SftpClient.IN_FLIGHT;
        long limitKbps = 0;
        List<String> operands = new ArrayList<>();
        try {
            Getopt getopt = new Getopt("sftp", OPTIONS);
            int[] next = new int[1];
            for (Getopt.Opt o : getopt.parse(args, 0, next)) {
                switch (o.name()) {
                    case 'b' -> {
                        if (batchFile != null) {
                            err.println("Batch file already specified.");
                            return 1;
                        }
                        batchFile = o.arg();
                        quiet = true;
                        ssh.override("BatchMode=yes");
                    }
                    case 'q' -> quiet = true;
                    case 'v' -> verbose++;
                    case 'p' -> preserve = true;
                    case 'r' -> recursive = true;
                    case 'a' -> resume = true;
                    case 'C' -> ssh.override("Compression=yes");
                    case '4' -> ssh.override("AddressFamily=inet");
                    case '6' -> ssh.override("AddressFamily=inet6");
                    case 'A' -> ssh.override("ForwardAgent=yes");
                    case 'c' -> ssh.override("Ciphers=" + o.arg());
                    case 'J' -> ssh.override("ProxyJump=" + o.arg());
                    case 'F' -> ssh.configFile(Path.of(o.arg()));
                    case 'o' -> ssh.override(o.arg());
                    case 'P' -> ssh.override("Port=" + o.arg());
                    case 'i' -> ssh.override("IdentityFile=" + o.arg());
                    case 'B' -> {
                        chunk = number(o.arg(), 1, dev.seashell.sftp.SftpConstants.MAX_DATA, "buffer size");
                        if (chunk < 0) return 1;
                    }
                    case 'R' -> {
                        depth = number(o.arg(), 1, 4096, "number of requests");
                        if (depth < 0) return 1;
                    }
                    case 'l' -> {
                        limitKbps = number(o.arg(), 1, 100 * 1024 * 1024, "bandwidth limit");
                        if (limitKbps < 0) return 1;
                    }
                    case 'f', 'N' -> { } // fsync, no-op: accepted, not applied
                    case 'D', 'S', 's' -> {
                        err.println("sftp: -" + o.name() + " is not supported");
                        return 1;
                    }
                    default -> { }
                }
            }
            for (int i = next[0]; i < args.length; i++) operands.add(args[i]);
        } catch (Getopt.UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (operands.isEmpty() || operands.size() > 2) {
            err.println(USAGE);
            return 1;
        }
        Logging.init(verbose >= 3 ? verbose : 0);
        RemoteSpec dest;
        try {
            dest = RemoteSpec.parseSftp(operands.getFirst());
        } catch (IllegalArgumentException e) {
            err.println("sftp: " + e.getMessage());
            return 1;
        }
        BufferedReader commands;
        try {
            commands = batchFile == null || batchFile.equals("-") ? new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(localDirectory.resolve(batchFile), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("sftp: " + RemotePaths.describe(e) + " (" + batchFile + ").");
            return 1;
        }
        SftpConnection connection;
        try {
            connection = SftpConnection.open(ssh.forHost(dest), terminal, this::debug);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 255;
        } catch (Connector.Failure e) {
            err.println(e.getMessage());
            err.println("Connection closed");
            return 255;
        } catch (IOException e) {
            err.println(e.getMessage());
            err.println("Connection closed");
            return 255;
        }
        try (connection) {
            if (!quiet) err.println("Connected to " + dest.host() + ".");
            if (chunk == 0) chunk = Transfers.defaultChunk(connection.sftp());
            if (limitKbps > 0) connection.sftp().limitBandwidth(limitKbps * 1024); // Kbit/s, as sftp counts them
            SftpShell shell = new SftpShell(connection.sftp(), out, err,
                    new SftpShell.Defaults(preserve, recursive, resume, quiet, chunk, depth), localDirectory);
            if (!quiet && out == System.out && ProgressMeter.stdoutIsTerminal()) {
                shell.showProgress(ProgressMeter.Factory.on(out, ProgressMeter.terminalColumns()));
            }
            if (dest.path() != null && !dest.path().isEmpty()) {
                Integer done = startAt(shell, dest.path(), operands.size() > 1 ? operands.get(1) : null);
                if (done != null) return done;
            }
            boolean interactive = batchFile == null && in == System.in && System.console() != null && System.console().isTerminal();
            if (interactive) {
                try (SftpLineEditor editor = new SftpLineEditor(shell.completer())) {
                    return shell.loop(editor, false);
                }
            }
            return shell.loop(commands, false, batchFile != null);
        } catch (IOException e) {
            err.println("Connection closed");
            return 1;
        }
    }

    /**
     * The destination's path: a directory becomes the working directory; anything else is fetched
     * (to the second operand if given) and sftp ends, returning its exit code.
     */
    private Integer startAt(SftpShell shell, String path, String localTarget) {
        String abs = RemotePaths.absolute(shell.remoteDirectory(), path);
        if (localTarget == null && shell.isDirectory(abs) && shell.execute("cd " + quote(abs)) == SftpShell.Result.OK) {
            out.println("Changing to: " + abs);
            return null;
        }
        String get = "get " + quote(path) + (localTarget == null ? "" : " " + quote(localTarget));
        return shell.execute(get) == SftpShell.Result.OK ? 0 : 1;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private int number(String s, int min, int max, String what) {
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        err.println("Invalid " + what + " \"" + s + "\"");
        return -1;
    }

    private void debug(String line) {
        if (verbose > 0) err.println("debug1: " + line);
    }
}

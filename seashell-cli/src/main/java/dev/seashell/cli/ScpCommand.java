package dev.seashell.cli;

import dev.seashell.client.SshClient;
import dev.seashell.config.ConfigException;
import dev.seashell.connection.ClientSession;
import dev.seashell.sftp.BandwidthLimit;
import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpClient;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code seashell scp}: scp(1)'s flags and operands, copying over the SFTP protocol as OpenSSH 9
 * does by default. Uploads go to a temporary name beside the target and are renamed over it at
 * the end; downloads likewise (see {@link SftpClient#download}). Exit 1 on any failure, 255 when
 * the connection fails. {@code -O} speaks the legacy scp protocol instead ({@link LegacyScp}) with
 * the remote's own scp. Between two remote hosts the data goes through this host by default (and
 * with -3): over SFTP ({@link RemoteCopy}), or with -O by joining the two remote scp ends
 * ({@link LegacyRelay}); -R has the origin host run scp to the target itself.
 */
final class ScpCommand {
    private static final String USAGE = """
            usage: scp [-346ABCOpqRrsTv] [-c cipher] [-D sftp_server_path] [-F ssh_config]
                       [-i identity_file] [-J destination] [-l limit] [-o ssh_option]
                       [-P port] [-S program] [-X sftp_option] source ... target""";
    private static final String OPTIONS = "346ABCOpqRrsTvc:D:F:i:J:l:o:P:S:X:";

    private final PrintStream err;
    private final Terminal terminal = new Terminal();
    private final SftpConnection.Options ssh = new SftpConnection.Options();
    private final Map<String, SftpConnection> connections = new LinkedHashMap<>();
    private final Map<String, String> homes = new LinkedHashMap<>();
    private boolean recursive;
    private boolean preserve;
    private boolean legacy;
    private boolean throughLocal = true; // -3, OpenSSH's default since 8.7; -R turns it off
    private final Map<String, SshClient> clients = new LinkedHashMap<>();
    private int verbose;
    private boolean quiet;
    private long limitKbps;
    private final boolean console;

    ScpCommand() {
        this(System.err, ProgressMeter.stdoutIsTerminal());
    }

    ScpCommand(PrintStream err) {
        this(err, false);
    }

    /** {@code console}: stdout is a terminal, so transfers show a progress meter there unless -q. */
    ScpCommand(PrintStream err, boolean console) {
        this.err = err;
        this.console = console;
    }

    int run(String[] args) {
        List<String> operands = new ArrayList<>();
        try {
            Getopt getopt = new Getopt("scp", OPTIONS);
            int[] next = new int[1];
            int i = 0;
            while (i < args.length) {
                for (Getopt.Opt o : getopt.parse(args, i, next)) {
                    switch (o.name()) {
                        case 'r' -> recursive = true;
                        case 'p' -> preserve = true;
                        case 'v' -> verbose++;
                        case 'q' -> quiet = true;
                        case 's', 'T', 'A' -> { }
                        case '3' -> throughLocal = true;
                        case 'R' -> throughLocal = false;
                        case 'B' -> ssh.override("BatchMode=yes");
                        case 'C' -> ssh.override("Compression=yes");
                        case '4' -> ssh.override("AddressFamily=inet");
                        case '6' -> ssh.override("AddressFamily=inet6");
                        case 'c' -> ssh.override("Ciphers=" + o.arg());
                        case 'J' -> ssh.override("ProxyJump=" + o.arg());
                        case 'F' -> ssh.configFile(Path.of(o.arg()));
                        case 'o' -> ssh.override(o.arg());
                        case 'P' -> ssh.override("Port=" + o.arg());
                        case 'i' -> ssh.override("IdentityFile=" + o.arg());
                        case 'l' -> {
                            try {
                                limitKbps = Long.parseLong(o.arg());
                            } catch (NumberFormatException e) {
                                limitKbps = -1;
                            }
                            if (limitKbps < 1 || limitKbps > 100 * 1024 * 1024) {
                                err.println("scp: bandwidth limit " + o.arg() + " is invalid");
                                return 1;
                            }
                        }
                        case 'X', 'D' -> { } // sftp tuning: accepted, not applied
                        case 'O' -> legacy = true;
                        case 'S' -> {
                            err.println("scp: -S (another ssh program) is not supported");
                            return 1;
                        }
                        default -> { }
                    }
                }
                i = next[0];
                if (i < args.length) {
                    if (i > 0 && args[i - 1].equals("--")) {
                        while (i < args.length) operands.add(args[i++]);
                    } else {
                        operands.add(args[i++]);
                    }
                }
            }
        } catch (Getopt.UsageException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 1;
        }
        if (operands.size() < 2) {
            err.println(USAGE);
            return 1;
        }
        Logging.init(verbose >= 3 ? verbose : 0);
        try {
            return copy(operands.subList(0, operands.size() - 1), operands.getLast());
        } catch (Abort a) {
            return a.code;
        } finally {
            connections.values().forEach(SftpConnection::close);
            clients.values().forEach(SshClient::close);
        }
    }

    /** Ends the run with an exit code after its message was printed. */
    private static final class Abort extends RuntimeException {
        final int code;

        Abort(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private int copy(List<String> sources, String target) {
        RemoteSpec to;
        List<RemoteSpec> from = new ArrayList<>();
        try {
            to = RemoteSpec.parseScp(target);
            for (String s : sources) from.add(RemoteSpec.parseScp(s));
        } catch (IllegalArgumentException e) {
            err.println("scp: " + e.getMessage());
            return 1;
        }
        boolean anyRemoteSource = from.stream().anyMatch(java.util.Objects::nonNull);
        if (to != null && anyRemoteSource) {
            if (!throughLocal) return viaOrigin(sources, from, to);
            return legacy ? legacyRelay(sources, from, to) : remoteToRemote(sources, from, to);
        }
        if (to == null && !anyRemoteSource) return localCopy(sources, target);
        if (to != null) return legacy ? legacyUpload(sources, to) : upload(sources, to);
        for (int i = 0; i < from.size(); i++) {
            if (from.get(i) == null) {
                err.println("scp: copying a local source to a local target together with remote sources is not supported: " + sources.get(i));
                return 1;
            }
        }
        return legacy ? legacyDownload(from, target) : download(from, target);
    }

    /** -O upload: one remote {@code scp -t} receives every source. */
    private int legacyUpload(List<String> sources, RemoteSpec to) {
        String dest = to.path() == null || to.path().isEmpty() ? "." : to.path();
        String cmd = LegacyScp.command(true, recursive, preserve, sources.size() > 1, dest);
        return legacyRun(to, cmd, scp -> scp.send(sources.stream().map(Path::of).toList(), recursive, preserve));
    }

    /** -O download: a remote {@code scp -f} per source, as OpenSSH runs them. */
    private int legacyDownload(List<RemoteSpec> from, String target) {
        Path local = Path.of(target);
        if (from.size() > 1 && !Files.isDirectory(local)) {
            err.println("scp: " + target + ": Not a directory");
            return 1;
        }
        boolean ok = true;
        for (RemoteSpec spec : from) {
            String path = spec.path() == null || spec.path().isEmpty() ? "." : spec.path();
            String cmd = LegacyScp.command(false, recursive, preserve, false, path);
            ok &= legacyRun(spec, cmd, scp -> scp.receive(local, path, recursive, preserve)) == 0;
        }
        return ok ? 0 : 1;
    }

    private interface LegacyTransfer {
        boolean run(LegacyScp scp) throws IOException;
    }

    /** Runs {@code cmd} on the remote and the protocol over its stdin/stdout; the remote's stderr passes through. */
    private int legacyRun(RemoteSpec spec, String cmd, LegacyTransfer transfer) {
        SshClient client = legacyConnect(spec);
        ClientSession session = null;
        try {
            session = client.openSession();
            debug("Sending command: " + cmd);
            session.exec(cmd);
            ClientSession s = session;
            Thread stderr = Thread.ofVirtual().start(() -> {
                try {
                    s.stderr().transferTo(err);
                } catch (IOException e) {
                    // The channel closed.
                }
            });
            boolean ok;
            java.io.InputStream fromRemote = session.stdout();
            OutputStream rawOut = session.stdin();
            if (limitKbps > 0) {
                fromRemote = ThrottledStreams.in(fromRemote, new dev.seashell.sftp.BandwidthLimit(limitKbps * 1024));
                rawOut = ThrottledStreams.out(rawOut, new dev.seashell.sftp.BandwidthLimit(limitKbps * 1024));
            }
            try (OutputStream toRemote = new BufferedOutputStream(rawOut, 64 * 1024)) {
                ok = transfer.run(new LegacyScp(new BufferedInputStream(fromRemote, 64 * 1024), toRemote, err::println).withProgress(meters()));
            } catch (LegacyScp.Fatal f) {
                return 1; // the finally's close ends the remote scp, which may be mid-stream
            }
            Integer status = session.exitStatus(Duration.ofSeconds(30)).orElse(1);
            stderr.join(Duration.ofSeconds(5));
            return ok && status == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("scp: " + (e.getMessage() == null ? "lost connection" : e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (session != null) session.close();
        }
    }

    /** {@code extra}: options after the command line's, for a new connection only. */
    private SshClient legacyConnect(RemoteSpec spec, String... extra) {
        SshClient c = clients.get(spec.connectionKey());
        if (c != null) return c;
        try {
            c = Connector.connect(ssh.forHost(spec, extra), terminal, this::debug);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            throw new Abort(255);
        } catch (Connector.Failure e) {
            err.println(e.getMessage());
            err.println("lost connection");
            throw new Abort(255);
        }
        clients.put(spec.connectionKey(), c);
        return c;
    }

    private int upload(List<String> sources, RemoteSpec to) {
        SftpClient sftp = connect(to).sftp();
        String dest = RemotePaths.absolute(homes.get(to.connectionKey()), to.path() == null || to.path().isEmpty() ? "." : to.path());
        SftpAttributes destAttrs = stat(sftp, dest);
        boolean destIsDir = destAttrs != null && destAttrs.isDirectory();
        if (sources.size() > 1 && !destIsDir) {
            err.println("scp: " + dest + ": Not a directory");
            return 1;
        }
        Transfers t = new Transfers(sftp, settings(sftp), report(), meters());
        boolean ok = true;
        for (String src : sources) {
            Path local = Path.of(src);
            String remote = destIsDir ? RemotePaths.join(dest, local.getFileName() == null ? src : local.getFileName().toString()) : dest;
            if (!Files.exists(local)) {
                err.println("scp: stat local \"" + src + "\": No such file or directory");
                ok = false;
                continue;
            }
            debug("Sending file " + src + " to " + remote);
            if (!t.upload(local, src, remote)) {
                ok = false;
                boolean dir = Files.isDirectory(local) && recursive;
                err.println("scp: failed to upload " + (dir ? "directory " : "file ") + src + " to " + remote);
            }
        }
        return ok ? 0 : 1;
    }

    private int download(List<RemoteSpec> from, String target) {
        Path local = Path.of(target);
        boolean targetIsDir = Files.isDirectory(local);
        boolean ok = true;
        List<String[]> jobs = new ArrayList<>(); // {connection key, remote path}
        for (RemoteSpec spec : from) {
            SftpClient sftp = connect(spec).sftp();
            String abs = RemotePaths.absolute(homes.get(spec.connectionKey()), spec.path() == null || spec.path().isEmpty() ? "." : spec.path());
            List<String> matches;
            try {
                matches = RemotePaths.glob(sftp, abs);
            } catch (IOException e) {
                matches = List.of();
            }
            if (matches.isEmpty() || (matches.size() == 1 && stat(sftp, matches.getFirst()) == null)) {
                err.println("scp: " + abs + ": No such file or directory");
                ok = false;
                continue;
            }
            for (String m : matches) jobs.add(new String[] {spec.connectionKey(), m});
        }
        if (jobs.size() > 1 && !targetIsDir) {
            err.println("scp: " + target + ": Not a directory");
            return 1;
        }
        for (String[] job : jobs) {
            SftpClient source = connections.get(job[0]).sftp();
            Transfers t = new Transfers(source, settings(source), report(), meters());
            String name = RemotePaths.basename(job[1]);
            Path dst = targetIsDir ? local.resolve(name) : local;
            String shown = targetIsDir ? local.resolve(name).toString() : target;
            debug("Receiving file " + job[1] + " to " + shown);
            ok &= t.download(job[1], dst, shown);
        }
        return ok ? 0 : 1;
    }

    /**
     * Sources on one or more hosts to a target on another (or the same) host over SFTP, through
     * this host as OpenSSH's scp does by default since 8.7 (and with -3). Local sources among them
     * are uploaded.
     */
    private int remoteToRemote(List<String> sources, List<RemoteSpec> from, RemoteSpec to) {
        SftpClient target = connect(to).sftp();
        String dest = RemotePaths.absolute(homes.get(to.connectionKey()), to.path() == null || to.path().isEmpty() ? "." : to.path());
        SftpAttributes destAttrs = stat(target, dest);
        boolean destIsDir = destAttrs != null && destAttrs.isDirectory();
        boolean ok = true;
        for (int i = 0; i < from.size(); i++) {
            RemoteSpec spec = from.get(i);
            if (spec == null) {
                ok &= upload(List.of(sources.get(i)), to) == 0;
                continue;
            }
            SftpClient source = connect(spec).sftp();
            String abs = RemotePaths.absolute(homes.get(spec.connectionKey()), spec.path() == null || spec.path().isEmpty() ? "." : spec.path());
            List<String> matches;
            try {
                matches = RemotePaths.glob(source, abs);
            } catch (IOException e) {
                matches = List.of();
            }
            if (matches.isEmpty() || (matches.size() == 1 && stat(source, matches.getFirst()) == null)) {
                err.println("scp: " + abs + ": No such file or directory");
                ok = false;
                continue;
            }
            if ((matches.size() > 1 || from.size() > 1) && !destIsDir) {
                err.println("scp: " + dest + ": Not a directory");
                return 1;
            }
            RemoteCopy copy = new RemoteCopy(source, target, recursive, preserve, report(), meters());
            for (String m : matches) {
                String dst = destIsDir ? RemotePaths.join(dest, RemotePaths.basename(m)) : dest;
                debug("Copying " + spec.host() + ":" + m + " to " + to.host() + ":" + dst);
                ok &= copy.copy(m, dst);
            }
        }
        return ok ? 0 : 1;
    }

    /**
     * -R: each remote source's host runs scp itself to copy to the target, as OpenSSH's scp does
     * with {@code ssh -x -n origin scp [-v] [-r] [-p] [-d] src host:path}; its output passes through.
     * Local sources among them are uploaded from here.
     */
    private int viaOrigin(List<String> sources, List<RemoteSpec> from, RemoteSpec to) {
        String base = RemoteScpCommands.base(verbose > 0, recursive, preserve, sources.size() > 1);
        boolean ok = true;
        for (int i = 0; i < from.size(); i++) {
            RemoteSpec spec = from.get(i);
            if (spec == null) {
                ok &= (legacy ? legacyUpload(List.of(sources.get(i)), to) : upload(List.of(sources.get(i)), to)) == 0;
                continue;
            }
            String cmd;
            try {
                cmd = RemoteScpCommands.onOrigin(base, RemoteScpCommands.path(spec), to);
            } catch (IllegalArgumentException e) {
                err.println("scp: " + e.getMessage());
                return 255;
            }
            debug("Executing on " + spec.host() + ": " + cmd);
            try {
                ok &= runOnOrigin(legacyConnect(spec), cmd);
            } catch (Abort a) {
                ok = false; // OpenSSH counts a failed ssh to the origin as one more error
            }
        }
        return ok ? 0 : 1;
    }

    /** Runs {@code cmd} with no input (ssh -n); its stdout and stderr pass through; true on exit 0. */
    private boolean runOnOrigin(SshClient client, String cmd) {
        try (ClientSession session = client.openSession()) {
            session.exec(cmd);
            session.stdin().close();
            Thread stderr = Thread.ofVirtual().start(() -> {
                try {
                    session.stderr().transferTo(err);
                } catch (IOException e) {
                    // The channel closed.
                }
            });
            session.stdout().transferTo(System.out);
            System.out.flush();
            stderr.join();
            return session.exitStatus(Duration.ofSeconds(30)).orElse(1) == 0;
        } catch (IOException e) {
            err.println("scp: " + (e.getMessage() == null ? "lost connection" : e.getMessage()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * -O between two remote hosts through this host (the default, and -3): per remote source, the
     * origin's {@code scp -f} talks straight to the target's {@code scp -t} through
     * {@link LegacyRelay}; the target's connection is made in batch mode, as OpenSSH's is (it cannot
     * prompt for two hosts). Local sources among them are uploaded from here.
     */
    private int legacyRelay(List<String> sources, List<RemoteSpec> from, RemoteSpec to) {
        String base = RemoteScpCommands.base(verbose > 0, recursive, preserve, sources.size() > 1);
        boolean ok = true;
        for (int i = 0; i < from.size(); i++) {
            RemoteSpec spec = from.get(i);
            if (spec == null) {
                ok &= legacyUpload(List.of(sources.get(i)), to) == 0;
                continue;
            }
            SshClient origin = legacyConnect(spec);
            SshClient target = legacyConnect(to, "BatchMode=yes");
            String f = RemoteScpCommands.source(base, RemoteScpCommands.path(spec));
            String t = RemoteScpCommands.sink(base, RemoteScpCommands.path(to));
            try (ClientSession a = origin.openSession(); ClientSession b = target.openSession()) {
                debug("Sending command: " + t);
                b.exec(t);
                debug("Sending command: " + f);
                a.exec(f);
                BandwidthLimit limit = limitKbps > 0 ? new BandwidthLimit(limitKbps * 1024) : null;
                ok &= LegacyRelay.run(a, b, err, limit);
            } catch (IOException e) {
                err.println("scp: " + (e.getMessage() == null ? "lost connection" : e.getMessage()));
                ok = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return ok ? 0 : 1;
    }

    /** A progress meter on stdout when it is a terminal and -q was not given, as scp shows it. */
    private ProgressMeter.Factory meters() {
        return console && !quiet ? ProgressMeter.Factory.on(System.out, ProgressMeter.terminalColumns()) : ProgressMeter.Factory.NONE;
    }

    /** Both ends local: scp hands this to cp(1), as OpenSSH does. */
    private int localCopy(List<String> sources, String target) {
        List<String> cmd = new ArrayList<>(List.of("cp"));
        if (recursive) cmd.add("-r");
        if (preserve) cmd.add("-p");
        cmd.add("--");
        cmd.addAll(sources);
        cmd.add(target);
        try {
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return p.waitFor() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("scp: cp: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private SftpConnection connect(RemoteSpec spec) {
        SftpConnection c = connections.get(spec.connectionKey());
        if (c != null) return c;
        try {
            c = SftpConnection.open(ssh.forHost(spec), terminal, this::debug);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            throw new Abort(255);
        } catch (Connector.Failure e) {
            err.println(e.getMessage());
            err.println("scp: Connection closed");
            throw new Abort(255);
        } catch (IOException e) {
            err.println("scp: " + e.getMessage());
            err.println("scp: Connection closed");
            throw new Abort(255);
        }
        connections.put(spec.connectionKey(), c);
        if (limitKbps > 0) c.sftp().limitBandwidth(limitKbps * 1024); // Kbit/s, as scp counts them
        try {
            homes.put(spec.connectionKey(), c.sftp().realpath("."));
        } catch (IOException e) {
            err.println("scp: realpath \".\": " + RemotePaths.describe(e));
            throw new Abort(1);
        }
        return c;
    }

    private Transfers.Settings settings(SftpClient sftp) {
        return new Transfers.Settings(preserve, false, true, recursive, Transfers.defaultChunk(sftp), SftpClient.IN_FLIGHT);
    }

    private Transfers.Report report() {
        return new Transfers.Report() {
            @Override
            public void info(String line) {
                debug(line);
            }

            @Override
            public void error(String line) {
                err.println("scp: " + line);
            }
        };
    }

    private static SftpAttributes stat(SftpClient sftp, String path) {
        try {
            return sftp.stat(path);
        } catch (IOException e) {
            return null;
        }
    }

    private void debug(String line) {
        if (verbose > 0) err.println("debug1: " + line);
    }
}

package dev.seashell.cli;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.cli.mux.MuxSupport;
import dev.seashell.client.SshClient;
import dev.seashell.config.ConfigException;
import dev.seashell.config.RekeyLimit;
import dev.seashell.config.SeashellAlgorithms;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ClientSession;
import dev.seashell.transport.Algorithms;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** {@code seashell ssh}: ssh(1)'s flags, ssh_config, its messages and its exit codes (255 for its own failures). */
final class SshCommand {
    static final int EXIT_FAILURE = 255;
    private static final String USAGE = """
            usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]
                       [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]
                       [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]
                       [-i identity_file] [-J [user@]host[:port]] [-L address]
                       [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]
                       [-Q query_option] [-R address] [-S ctl_path] [-W host:port]
                       [-w local_tun[:remote_tun]] destination [command [argument ...]]""";
    private static final String OPTIONS = "46AaCfGgKkMNnqsTtVvXxYyB:b:c:D:E:e:F:I:i:J:L:l:m:O:o:P:p:Q:R:S:W:w:";

    private int verbose;
    private boolean quiet;
    private boolean background;
    private String stdioForward;
    private Path configFile; // -F
    private java.io.PrintStream log = System.err;
    private final Terminal terminal = new Terminal();
    private final MuxSupport mux = new MuxSupport();

    int run(String[] args) {
        SshConfig.Builder config = SshConfig.builder().catalog(SeashellAlgorithms.catalog());
        String destination = null;
        List<String> command = new ArrayList<>();
        boolean dumpConfig = false;
        boolean noCommand = false;
        boolean stdinNull = false;
        boolean subsystem = false;
        Getopt getopt = new Getopt("ssh", OPTIONS);
        int i = 0;
        try {
            int[] next = new int[1];
            while (true) {
                for (Getopt.Opt o : getopt.parse(args, i, next)) {
                    switch (o.name()) {
                        case 'V' -> {
                            System.err.println(Version.banner());
                            return 0;
                        }
                        case 'v' -> verbose++;
                        case 'q' -> quiet = true;
                        case 'G' -> dumpConfig = true;
                        case 'N' -> noCommand = true;
                        case 'f' -> background = true;
                        case 'E' -> {
                            try {
                                log = new java.io.PrintStream(new java.io.FileOutputStream(o.arg(), true), true);
                            } catch (IOException e) {
                                System.err.println("Couldn't open logfile " + o.arg() + ": " + e.getMessage());
                                return EXIT_FAILURE;
                            }
                        }
                        case 'n' -> stdinNull = true;
                        case 's' -> subsystem = true;
                        case 'T' -> config.override("RequestTTY=no");
                        case 't' -> config.override("RequestTTY=yes");
                        case 'C' -> config.override("Compression=yes");
                        case '4' -> config.override("AddressFamily=inet");
                        case '6' -> config.override("AddressFamily=inet6");
                        case 'A' -> config.override("ForwardAgent=yes");
                        case 'a' -> config.override("ForwardAgent=no");
                        case 'X' -> config.override("ForwardX11=yes");
                        case 'x' -> config.override("ForwardX11=no");
                        case 'Y' -> {
                            config.override("ForwardX11=yes");
                            config.override("ForwardX11Trusted=yes");
                        }
                        case 'F' -> {
                            configFile = Path.of(o.arg());
                            config.configFile(configFile);
                        }
                        case 'o' -> config.override(o.arg());
                        case 'p' -> config.override("Port=" + o.arg());
                        case 'l' -> config.override("User=" + o.arg());
                        case 'i' -> config.override("IdentityFile=" + o.arg());
                        case 'c' -> config.override("Ciphers=" + o.arg());
                        case 'm' -> config.override("MACs=" + o.arg());
                        case 'J' -> config.override("ProxyJump=" + o.arg());
                        case 'L' -> config.override("LocalForward=" + Forwards.toConfigWords(o.arg()));
                        case 'R' -> config.override("RemoteForward=" + Forwards.toConfigWords(o.arg()));
                        case 'W' -> stdioForward = o.arg();
                        case 'D' -> config.override("DynamicForward=" + o.arg());
                        case 'b' -> config.override("BindAddress=" + o.arg());
                        case 'e' -> config.override("EscapeChar=" + o.arg());
                        case 'M', 'S', 'O' -> mux.option(o.name(), o.arg(), config);
                        case 'Q' -> {
                            return query(o.arg());
                        }
                        default -> { }
                    }
                }
                i = next[0];
                if (destination == null && i < args.length) {
                    destination = args[i++];
                    if (i < args.length && args[i].startsWith("-")) continue; // options may follow the destination
                }
                break;
            }
            for (; i < args.length; i++) command.add(args[i]);
        } catch (Getopt.UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            return EXIT_FAILURE;
        }
        if (destination == null) {
            System.err.println(USAGE);
            return EXIT_FAILURE;
        }
        if (quiet) config.override("LogLevel=QUIET");
        Logging.init(verbose >= 3 ? verbose : 0);

        Destination dest;
        try {
            dest = Destination.parse(destination);
        } catch (IllegalArgumentException e) {
            System.err.println("ssh: " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (dest.user() != null) config.override("User=" + dest.user());
        if (dest.port() > 0) config.override("Port=" + dest.port());
        SshHostConfig host;
        try {
            host = config.load().forHost(dest.host());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return EXIT_FAILURE;
        }
        if (dumpConfig) {
            System.out.print(host.dump());
            return 0;
        }
        if (stdioForward != null) noCommand = true;
        if (background && command.isEmpty() && !noCommand) {
            System.err.println("Cannot fork into background without a command to execute.");
            return EXIT_FAILURE;
        }
        if (background && !Background.isChild()) return Background.forkAndWait();
        if (background) stdinNull = true;
        Integer muxed = mux.tryClient(host, args, String.join(" ", command), noCommand, stdinNull, subsystem, stdioForward, this::debug);
        if (muxed != null) return muxed;
        return connectAndRun(host, String.join(" ", command), noCommand, stdinNull, subsystem);
    }

    private int connectAndRun(SshHostConfig host, String command, boolean noCommand, boolean stdinNull, boolean subsystem) {
        SshClient client;
        try {
            client = Connector.connect(host, terminal, this::debug);
        } catch (Connector.Failure e) {
            System.err.println(e.getMessage());
            if (verbose > 2 && e.getCause() != null) e.getCause().printStackTrace();
            return EXIT_FAILURE;
        }
        if (!host.serverAliveInterval().isZero()) {
            String peer = host.hostName();
            client.startKeepalive(host.serverAliveInterval(), host.serverAliveCountMax(),
                    () -> System.err.println("Timeout, server " + peer + " not responding."));
        }
        MuxSupport.Master master = mux.startMaster(client, host, this::debug);
        if (background) Background.detach();
        try (client; master) {
            if (stdioForward != null) return stdio(client, stdioForward);
            List<AutoCloseable> forwards = Forwards.start(client, host, this::debug);
            if (noCommand) {
                client.awaitClose();
                return 0;
            }
            return new SessionRunner(client, host, terminal, this::debug).run(command, stdinNull, subsystem);
        } catch (IOException e) {
            System.err.println("Connection to " + host.hostName() + " closed: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** -W host:port: stdin and stdout joined to one forwarded connection, no session. */
    private static int stdio(SshClient client, String spec) throws IOException {
        int colon = spec.lastIndexOf(':');
        if (colon < 0) {
            System.err.println("Bad stdio forwarding specification '" + spec + "'");
            return EXIT_FAILURE;
        }
        String h = spec.substring(0, colon);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        var target = new dev.seashell.forwarding.Endpoint.Tcp(h, Integer.parseInt(spec.substring(colon + 1)));
        var fwd = client.forwarding();
        try (var f = fwd.stdio(target, System.in, System.out)) {
            f.await(null);
        } catch (IOException e) {
            System.err.println("stdio forwarding failed");
            return EXIT_FAILURE;
        }
        return 0;
    }

    private static int query(String what) {
        List<String> list = switch (what) {
            case "cipher", "ciphers" -> Algorithms.SUPPORTED_CIPHERS;
            case "mac", "macs" -> Algorithms.SUPPORTED_MACS;
            case "kex", "KexAlgorithms" -> Algorithms.SUPPORTED_KEX;
            case "key", "HostKeyAlgorithms", "PubkeyAcceptedAlgorithms", "key-sig", "sig" -> Algorithms.SUPPORTED_HOST_KEY;
            case "compression" -> Algorithms.SUPPORTED_COMPRESSION;
            default -> null;
        };
        if (list == null) {
            System.err.println("Unsupported query \"" + what + "\"");
            return EXIT_FAILURE;
        }
        list.forEach(System.out::println);
        return 0;
    }

    void debug(String line) {
        if (verbose > 0) log.println("debug1: " + line);
    }

    /** Copies a stream until EOF; used for the session pumps. */
    static void pump(InputStream in, OutputStream out, boolean closeOut) throws IOException {
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
            out.flush();
        }
        if (closeOut) out.close();
    }
}

package dev.seashell.cli;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
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
    private final Terminal terminal = new Terminal();

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
                        case 'n' -> stdinNull = true;
                        case 's' -> subsystem = true;
                        case 'T' -> config.override("RequestTTY=no");
                        case 't' -> config.override("RequestTTY=yes");
                        case 'C' -> config.override("Compression=yes");
                        case '4' -> config.override("AddressFamily=inet");
                        case '6' -> config.override("AddressFamily=inet6");
                        case 'A' -> config.override("ForwardAgent=yes");
                        case 'a' -> config.override("ForwardAgent=no");
                        case 'F' -> config.configFile(Path.of(o.arg()));
                        case 'o' -> config.override(o.arg());
                        case 'p' -> config.override("Port=" + o.arg());
                        case 'l' -> config.override("User=" + o.arg());
                        case 'i' -> config.override("IdentityFile=" + o.arg());
                        case 'c' -> config.override("Ciphers=" + o.arg());
                        case 'm' -> config.override("MACs=" + o.arg());
                        case 'J' -> config.override("ProxyJump=" + o.arg());
                        case 'L' -> config.override("LocalForward=" + o.arg());
                        case 'R' -> config.override("RemoteForward=" + o.arg());
                        case 'D' -> config.override("DynamicForward=" + o.arg());
                        case 'b' -> config.override("BindAddress=" + o.arg());
                        case 'e' -> config.override("EscapeChar=" + o.arg());
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
        return connectAndRun(host, String.join(" ", command), noCommand, stdinNull, subsystem);
    }

    private int connectAndRun(SshHostConfig host, String command, boolean noCommand, boolean stdinNull, boolean subsystem) {
        String hostName = host.hostName();
        int port = host.port();
        debug("Connecting to " + hostName + " port " + port + ".");
        InetAddress address;
        try {
            address = InetAddress.getByName(hostName);
        } catch (UnknownHostException e) {
            System.err.println("ssh: Could not resolve hostname " + hostName + ": Name or service not known");
            return EXIT_FAILURE;
        }
        HostKeyCheck hostKeys = new HostKeyCheck(host, hostName, port, terminal, this::debug);
        ClientUserAuth.Options auth = new ClientUserAuth.Options(host.user(),
                Identities.load(host, terminal, this::debug),
                host.passwordAuthentication() && !host.batchMode() ? terminal::readPassword : null,
                host.kbdInteractiveAuthentication() && !host.batchMode() ? terminal::respond : null,
                preferred(host), host.numberOfPasswordPrompts(), hostName);
        RekeyLimit rekey = host.rekeyLimit();
        TransportConfig transport = TransportConfig.defaults()
                .withKex(host.kexAlgorithms()).withCiphers(host.ciphers()).withMacs(host.macs())
                .withHostKeyAlgorithms(hostKeys.preferredAlgorithms(host.hostKeyAlgorithms()))
                .withCompression(host.compression() ? List.of("zlib@openssh.com", "zlib", "none") : List.of("none", "zlib@openssh.com"))
                .withRekey(rekey.bytes(), rekey.seconds() > 0 ? Duration.ofSeconds(rekey.seconds()) : null);
        SshClient.Options options = new SshClient.Options(transport, hostKeys, auth,
                host.connectTimeout().orElse(null), text -> System.err.print(text), this::debug);
        SshClient client;
        try {
            client = connectWithAttempts(address.getHostAddress(), port, options, host.connectionAttempts());
        } catch (ConnectException e) {
            System.err.println("ssh: connect to host " + hostName + " port " + port + ": Connection refused");
            return EXIT_FAILURE;
        } catch (SocketTimeoutException e) {
            System.err.println("ssh: connect to host " + hostName + " port " + port + ": Connection timed out");
            return EXIT_FAILURE;
        } catch (NoRouteToHostException e) {
            System.err.println("ssh: connect to host " + hostName + " port " + port + ": No route to host");
            return EXIT_FAILURE;
        } catch (HostKeyCheck.VerificationFailed e) {
            System.err.println(e.getMessage());
            return EXIT_FAILURE;
        } catch (AuthenticationFailedException e) {
            System.err.println(host.user() + "@" + hostName + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (PeerDisconnectedException e) {
            System.err.println("Received disconnect from " + address.getHostAddress() + " port " + port + ":"
                    + e.reasonCode() + ": " + e.description());
            System.err.println("Disconnected from " + address.getHostAddress() + " port " + port);
            return EXIT_FAILURE;
        } catch (SshProtocolException e) {
            System.err.println("ssh_dispatch_run_fatal: Connection to " + address.getHostAddress() + " port " + port + ": " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException e) {
            System.err.println("Connection closed by " + address.getHostAddress() + " port " + port
                    + (verbose > 0 && e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
            if (verbose > 2) e.printStackTrace();
            return EXIT_FAILURE;
        }
        try (client) {
            debug("Authenticated to " + hostName + " ([" + address.getHostAddress() + "]:" + port + ").");
            if (noCommand) {
                client.connection();
                waitForClose(client);
                return 0;
            }
            return new SessionRunner(client, host, terminal, this::debug).run(command, stdinNull, subsystem);
        } catch (IOException e) {
            System.err.println("Connection to " + hostName + " closed: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private static SshClient connectWithAttempts(String address, int port, SshClient.Options options, int attempts) throws IOException {
        IOException last = null;
        for (int a = 0; a < Math.max(1, attempts); a++) {
            try {
                return SshClient.connect(address, port, options);
            } catch (ConnectException | SocketTimeoutException e) {
                last = e;
            }
        }
        throw last;
    }

    private static void waitForClose(SshClient client) {
        while (!client.transport().isClosed()) {
            try {
                Thread.sleep(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static List<String> preferred(SshHostConfig host) {
        List<String> order = host.preferredAuthentications()
                .orElse(List.of("publickey", "keyboard-interactive", "password"));
        List<String> out = new ArrayList<>();
        for (String m : order) {
            if (m.equals("publickey") && !host.pubkeyAuthentication()) continue;
            if (m.equals("password") && (!host.passwordAuthentication() || host.batchMode())) continue;
            if (m.equals("keyboard-interactive") && (!host.kbdInteractiveAuthentication() || host.batchMode())) continue;
            out.add(m);
        }
        return out;
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
        if (verbose > 0) System.err.println("debug1: " + line);
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

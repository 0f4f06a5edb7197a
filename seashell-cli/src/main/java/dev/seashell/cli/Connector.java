package dev.seashell.cli;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.HostKeyMismatchException;
import dev.seashell.client.SshClient;
import dev.seashell.config.RekeyLimit;
import dev.seashell.config.ConfigException;
import dev.seashell.config.SeashellAlgorithms;
import dev.seashell.config.SshConfig;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.forwarding.Proxies;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Connects and authenticates the way ssh does, for every client command (ssh, sftp, scp, copy-id):
 * the effective ssh_config decides, failures come back with OpenSSH's message.
 */
final class Connector {
    /** A connection that did not come about; the message is what OpenSSH prints, the exit code is 255. */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Connector() {}

    static SshClient connect(SshHostConfig host, Terminal terminal, Consumer<String> debug) throws Failure {
        return connect(host, null, terminal, debug);
    }

    /**
     * Connects to {@code host}: directly, through its ProxyCommand, or through its ProxyJump chain.
     * Jump hosts are resolved like ssh's own child processes do: each from ssh_config ({@code configFile}
     * as with {@code -F}, null for the default files) with only the jump spec's user and port on top,
     * and each checks its own host key.
     */
    static SshClient connect(SshHostConfig host, Path configFile, Terminal terminal, Consumer<String> debug) throws Failure {
        String hostName = host.hostName();
        int port = host.port();
        Optional<String> jump = host.proxyJump();
        Optional<String> command = host.proxyCommand();
        InetAddress address = null;
        String peer = "UNKNOWN port 65535";
        if (jump.isEmpty() && command.isEmpty()) {
            debug.accept("Connecting to " + hostName + " port " + port + ".");
            try {
                address = InetAddress.getByName(hostName);
            } catch (UnknownHostException e) {
                throw new Failure("ssh: Could not resolve hostname " + hostName + ": Name or service not known", e);
            }
            peer = address.getHostAddress() + " port " + port;
        }
        debug.accept("Authenticating to " + hostName + ":" + port + " as '" + host.user() + "'");
        SshClient.Options options = options(host, address, terminal, debug);
        try {
            SshClient client;
            if (jump.isPresent()) {
                SshClient hop = connect(jumpHost(jump.get(), configFile), configFile, terminal, debug);
                debug.accept("Connecting to " + hostName + " port " + port + " via the jump host.");
                client = Proxies.viaJump(hop, hostName, port, options);
            } else if (command.isPresent()) {
                String line = Proxies.expandProxyCommand(command.get(), hostName, port, host.user(), host.host());
                debug.accept("Executing proxy command: exec " + line);
                client = Proxies.viaCommand(line, options);
            } else {
                client = withAttempts(address.getHostAddress(), port, bindAddress(host), options, host.connectionAttempts());
            }
            debug.accept("Authenticated to " + hostName + " ([" + (address == null ? hostName : address.getHostAddress())
                    + "]:" + port + (address == null ? " using a proxy" : "") + ").");
            return client;
        } catch (IllegalArgumentException e) {
            throw new Failure(e.getMessage(), e);
        } catch (ConnectException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": Connection refused", e);
        } catch (SocketTimeoutException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": Connection timed out", e);
        } catch (NoRouteToHostException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": No route to host", e);
        } catch (HostKeyCheck.VerificationFailed | HostKeyMismatchException e) {
            throw new Failure(e.getMessage(), e);
        } catch (AuthenticationFailedException e) {
            throw new Failure(host.user() + "@" + hostName + ": " + e.getMessage(), e);
        } catch (PeerDisconnectedException e) {
            throw new Failure("Received disconnect from " + peer + ":" + e.reasonCode() + ": " + e.description()
                    + "\nDisconnected from " + peer, e);
        } catch (SshProtocolException e) {
            throw new Failure("ssh_dispatch_run_fatal: Connection to " + peer + ": " + e.getMessage(), e);
        } catch (ChannelOpenException e) {
            throw new Failure("channel 0: open failed: " + e.description() + "\nstdio forwarding failed"
                    + "\nConnection closed by " + peer, e);
        } catch (IOException e) {
            throw new Failure("Connection closed by " + peer, e);
        }
    }

    private static SshClient.Options options(SshHostConfig host, InetAddress address, Terminal terminal, Consumer<String> debug) {
        String hostName = host.hostName();
        int port = host.port();
        HostKeyCheck hostKeys = new HostKeyCheck(host, hostName, port, terminal, debug)
                .withAddress(address == null ? null : address.getHostAddress());
        ClientUserAuth.Options auth = new ClientUserAuth.Options(host.user(),
                Identities.load(host, terminal, debug),
                host.passwordAuthentication() && !host.batchMode() ? terminal::readPassword : null,
                host.kbdInteractiveAuthentication() && !host.batchMode() ? terminal::respond : null,
                preferred(host), host.numberOfPasswordPrompts(), hostName);
        RekeyLimit rekey = host.rekeyLimit();
        TransportConfig transport = TransportConfig.defaults()
                .withKex(host.kexAlgorithms()).withCiphers(host.ciphers()).withMacs(host.macs())
                .withHostKeyAlgorithms(hostKeys.preferredAlgorithms(host.hostKeyAlgorithms()))
                .withCompression(host.compression() ? List.of("zlib@openssh.com", "zlib", "none") : List.of("none", "zlib@openssh.com"))
                .withRekey(rekey.bytes(), rekey.seconds() > 0 ? Duration.ofSeconds(rekey.seconds()) : null);
        return new SshClient.Options(transport, hostKeys, auth, host.connectTimeout().orElse(null), System.err::print, debug);
    }

    /**
     * The last hop of a ProxyJump list, configured as ssh configures its {@code ssh -W} child: the
     * hop's own ssh_config, its spec's user and port, and the earlier hops as its own ProxyJump.
     */
    static SshHostConfig jumpHost(String chain, Path configFile) throws Failure {
        List<String> hops = List.of(chain.split(","));
        JumpSpec spec = JumpSpec.parse(hops.getLast().strip());
        SshConfig.Builder b = SshConfig.builder().catalog(SeashellAlgorithms.catalog());
        if (configFile != null) b.configFile(configFile);
        if (spec.user() != null) b.override("User=" + spec.user());
        if (spec.port() > 0) b.override("Port=" + spec.port());
        if (hops.size() > 1) b.override("ProxyJump=" + String.join(",", hops.subList(0, hops.size() - 1)));
        try {
            return b.load().forHost(spec.host());
        } catch (ConfigException e) {
            throw new Failure(e.getMessage(), e);
        }
    }

    /** One ProxyJump entry: {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}. */
    record JumpSpec(String user, String host, int port) {
        static JumpSpec parse(String s) throws Failure {
            try {
                if (s.startsWith("ssh://")) {
                    Destination d = Destination.parse(s);
                    return new JumpSpec(d.user(), d.host(), d.port());
                }
                String user = null;
                String rest = s;
                int at = rest.lastIndexOf('@');
                if (at >= 0) {
                    user = rest.substring(0, at);
                    rest = rest.substring(at + 1);
                }
                int port = -1;
                if (rest.startsWith("[")) {
                    int close = rest.indexOf(']');
                    if (close < 0) throw new IllegalArgumentException(s);
                    if (rest.startsWith(":", close + 1)) port = Integer.parseInt(rest.substring(close + 2));
                    rest = rest.substring(1, close);
                } else if (rest.indexOf(':') >= 0 && rest.indexOf(':') == rest.lastIndexOf(':')) {
                    port = Integer.parseInt(rest.substring(rest.indexOf(':') + 1));
                    rest = rest.substring(0, rest.indexOf(':'));
                }
                if (rest.isEmpty() || (user != null && user.isEmpty()) || port == 0 || port > 65535) {
                    throw new IllegalArgumentException(s);
                }
                return new JumpSpec(user, rest, port);
            } catch (IllegalArgumentException e) {
                throw new Failure("ssh: Invalid ProxyJump \"" + s + "\"", e);
            }
        }
    }

    /** BindAddress (ssh -b): the local address to connect from; a bad one fails like OpenSSH's bind. */
    private static InetAddress bindAddress(SshHostConfig host) throws IOException {
        Optional<String> b = host.bindAddress();
        if (b.isEmpty()) return null;
        try {
            return InetAddress.getByName(b.get());
        } catch (UnknownHostException e) {
            throw new IOException("getaddrinfo: " + b.get() + ": Name or service not known", e);
        }
    }

    private static SshClient withAttempts(String address, int port, InetAddress bind, SshClient.Options options, int attempts) throws IOException {
        IOException last = null;
        for (int a = 0; a < Math.max(1, attempts); a++) {
            try {
                return SshClient.connect(address, port, bind, options);
            } catch (ConnectException | SocketTimeoutException e) {
                last = e;
            }
        }
        throw last;
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
}

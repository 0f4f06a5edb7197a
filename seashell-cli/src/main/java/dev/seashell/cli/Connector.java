package dev.seashell.cli;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.HostConfigMapping;
import dev.seashell.client.HostKeyMismatchException;
import dev.seashell.client.SshClient;
import dev.seashell.config.ConfigException;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.forwarding.Proxies;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
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

    /**
     * Connects to {@code host}: directly, through its ProxyCommand, or through its ProxyJump chain.
     * Jump hosts are resolved like ssh's own child processes do ({@link SshHostConfig#jumpHost()}: each
     * from the same ssh_config files with only the jump spec's user and port on top), and each checks
     * its own host key.
     */
    static SshClient connect(SshHostConfig host, Terminal terminal, Consumer<String> debug) throws Failure {
        String hostName = host.hostName();
        int port = host.port();
        Optional<String> jump = host.proxyJump();
        // The first kex's keys (an sntrup761 pair is ~0.2 s in a cold JVM) start while the rest is set
        // up; through a jump host the hop's connection takes them instead.
        if (jump.isEmpty()) Transport.prepareClientKex(host.kexAlgorithms());
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
                SshClient hop = connect(jumpHost(host), terminal, debug);
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
                HostConfigMapping.authMethods(host), host.numberOfPasswordPrompts(), hostName);
        TransportConfig transport = HostConfigMapping.transport(host, hostKeys.preferredAlgorithms(host.hostKeyAlgorithms()));
        return new SshClient.Options(transport, hostKeys, auth, host.connectTimeout().orElse(null), System.err::print, debug);
    }

    /** The last hop of the host's ProxyJump list, resolved as ssh resolves its {@code ssh -W} child. */
    private static SshHostConfig jumpHost(SshHostConfig host) throws Failure {
        try {
            return host.jumpHost().orElseThrow();
        } catch (ConfigException e) {
            throw new Failure(e.getMessage(), e);
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
}

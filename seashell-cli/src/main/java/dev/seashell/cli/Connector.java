package dev.seashell.cli;

import dev.seashell.auth.AuthenticationFailedException;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.client.SshClient;
import dev.seashell.config.RekeyLimit;
import dev.seashell.config.SshHostConfig;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.SshProtocolException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        String hostName = host.hostName();
        int port = host.port();
        debug.accept("Connecting to " + hostName + " port " + port + ".");
        InetAddress address;
        try {
            address = InetAddress.getByName(hostName);
        } catch (UnknownHostException e) {
            throw new Failure("ssh: Could not resolve hostname " + hostName + ": Name or service not known", e);
        }
        String peer = address.getHostAddress() + " port " + port;
        debug.accept("Authenticating to " + hostName + ":" + port + " as '" + host.user() + "'");
        HostKeyCheck hostKeys = new HostKeyCheck(host, hostName, port, terminal, debug).withAddress(address.getHostAddress());
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
        SshClient.Options options = new SshClient.Options(transport, hostKeys, auth,
                host.connectTimeout().orElse(null), System.err::print, debug);
        try {
            SshClient client = withAttempts(address.getHostAddress(), port, options, host.connectionAttempts());
            debug.accept("Authenticated to " + hostName + " ([" + address.getHostAddress() + "]:" + port + ").");
            return client;
        } catch (ConnectException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": Connection refused", e);
        } catch (SocketTimeoutException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": Connection timed out", e);
        } catch (NoRouteToHostException e) {
            throw new Failure("ssh: connect to host " + hostName + " port " + port + ": No route to host", e);
        } catch (HostKeyCheck.VerificationFailed e) {
            throw new Failure(e.getMessage(), e);
        } catch (AuthenticationFailedException e) {
            throw new Failure(host.user() + "@" + hostName + ": " + e.getMessage(), e);
        } catch (PeerDisconnectedException e) {
            throw new Failure("Received disconnect from " + peer + ":" + e.reasonCode() + ": " + e.description()
                    + "\nDisconnected from " + peer, e);
        } catch (SshProtocolException e) {
            throw new Failure("ssh_dispatch_run_fatal: Connection to " + peer + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new Failure("Connection closed by " + peer, e);
        }
    }

    private static SshClient withAttempts(String address, int port, SshClient.Options options, int attempts) throws IOException {
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

package dev.seashell.server;

import dev.seashell.auth.ServerUserAuth;
import dev.seashell.connection.ConnectionConfig;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.Keepalive;
import dev.seashell.connection.ServerSession;
import dev.seashell.forwarding.ForwardingPolicy;
import dev.seashell.forwarding.ForwardingServer;
import dev.seashell.forwarding.SessionForwarding;
import dev.seashell.transport.PeerDisconnectedException;
import dev.seashell.transport.Transport;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One server-side connection from first byte to close: transport handshake, user authentication
 * (nothing else is read until it succeeds), then the connection layer fed by this thread, the
 * connection's only reader.
 */
final class ServerConnection {
    private final SshServer server;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;

    ServerConnection(SshServer server, InetSocketAddress remote, InetSocketAddress local) {
        this.server = server;
        this.remote = remote;
        this.local = local;
    }

    void serve(InputStream in, OutputStream out, AutoCloseable closer) {
        SshServer.Settings s = server.settings();
        Transport t = Transport.server(in, out, closer, s.transport(), s.hostKeys());
        t.setServerSigAlgs(s.auth().pubkeyAcceptedAlgorithms());
        ConnectionLayer conn = null;
        ForwardingServer forwarding = null; // -L/-R/-D handlers of this connection, per the server's policy
        SessionForwarding sessionForwarding = null; // agent and X11 forwarding of its sessions
        String who = addr();
        PreauthTracker preauth = new PreauthTracker(server::log);
        ScheduledFuture<?> grace = s.loginGraceTime().isZero() ? null
                : server.timer().schedule(() -> {
                    preauth.graceExceeded();
                    server.log("Timeout before authentication for " + who);
                    t.disconnect(DisconnectReason.BY_APPLICATION, "Timeout before authentication");
                }, s.loginGraceTime().toMillis(), TimeUnit.MILLISECONDS);
        String user = null;
        Keepalive keepalive = null;
        boolean startupDone = false;
        boolean crashed = false;
        try {
            t.handshake();
            ServerUserAuth.Result auth = new ServerUserAuth(t, s.auth(), remote, preauth)
                    .perUser(u -> s.authForUser().configFor(u, remote, local)).run();
            user = auth.user();
            if (grace != null) grace.cancel(false);
            startupDone = true;
            server.startupDone(remote);
            conn = new ConnectionLayer(t::send, ConnectionConfig.defaults());
            ForwardingPolicy policy = s.forwardingFor(auth.user(), remote, local);
            sessionForwarding = SessionForwarding.create(conn, policy, auth.restrictions(), auth.user(), server::log);
            ServerSession.register(conn, s.sessions().forUser(auth.user(), remote, local, auth.restrictions()), s.maxSessions(),
                    sessionForwarding);
            String authUser = auth.user();
            keepalive = Keepalive.start(t::send, t::lastReadNanos, s.clientAliveInterval(), s.clientAliveCountMax(), () -> {
                server.log("Timeout, client not responding from user " + authUser + " " + who);
                t.disconnect(DisconnectReason.BY_APPLICATION, "Timeout, client not responding");
            });
            forwarding = ForwardingServer.register(conn, policy, auth.restrictions(), server::log);
            while (true) {
                // The transport's MessagePolicy lets only connection-protocol messages through now.
                if (!conn.handle(t.readPacket())) t.sendUnimplemented();
            }
        } catch (SshProtocolException e) {
            // MaxAuthTries is logged by auth itself; other protocol errors are the client's fault.
            if (e.reason() != DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE) crashed = true;
            server.log("Protocol error from " + who + ": " + e.getMessage() + (user == null ? " [preauth]" : ""));
            t.disconnect(e.reason(), e.getMessage());
        } catch (PeerDisconnectedException e) {
            server.log("Received disconnect from " + who + ":" + e.reasonCode() + ": " + e.description()
                    + (user == null ? " [preauth]" : ""));
            server.log(user == null ? "Disconnected from" + preauth.userPart() + " " + who + " [preauth]"
                    : "Disconnected from user " + user + " " + who);
        } catch (EOFException | SocketException e) {
            if (!preauth.wasGraceExceeded()) server.log(user == null ? "Connection closed by" + preauth.userPart() + " " + who + " [preauth]"
                    : "Disconnected from user " + user + " " + who);
        } catch (IOException e) {
            server.log("Connection from " + who + " ended: " + e.getMessage());
            t.disconnect(DisconnectReason.BY_APPLICATION, e.getMessage() == null ? "error" : e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not take the server down, nor leak a stack trace to the peer.
            crashed = true;
            server.log("Internal error on connection from " + who + ": " + e);
            t.disconnect(DisconnectReason.BY_APPLICATION, "internal error");
        } finally {
            if (grace != null) grace.cancel(false);
            if (!startupDone) {
                server.startupDone(remote);
                if (remote != null) server.penalise(remote.getAddress(), preauth.penalty(crashed));
            }
            if (keepalive != null) keepalive.close();
            if (forwarding != null) forwarding.close(); // remote-forward listeners die with the connection
            if (sessionForwarding != null) sessionForwarding.close();
            if (conn != null) conn.transportClosed(null);
            t.close();
        }
    }

    private String addr() {
        return remote == null ? "UNKNOWN port 65535" : remote.getAddress().getHostAddress() + " port " + remote.getPort();
    }
}

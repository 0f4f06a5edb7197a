package dev.seashell.forwarding;

import dev.seashell.auth.SessionRestrictions;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.ServerSession;
import dev.seashell.wire.SshFormatException;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The server's session requests for agent and X11 forwarding on one connection, for
 * {@link ServerSession#register(ConnectionLayer, dev.seashell.connection.SessionHandler, int, ServerSession.ExtraRequests)}:
 * {@code auth-agent-req@openssh.com} (unless AllowAgentForwarding no, or the key's
 * {@code no-agent-forwarding}/{@code restrict}) sets {@code SSH_AUTH_SOCK}; {@code x11-req} (with
 * X11Forwarding yes, unless {@code no-X11-forwarding}/{@code restrict}) sets {@code DISPLAY} and
 * {@code XAUTHORITY}. Close it when the connection ends: sockets and their directories go away.
 */
public final class SessionForwarding implements ServerSession.ExtraRequests, AutoCloseable {
    static final String AGENT_REQUEST = "auth-agent-req@openssh.com";
    static final String X11_REQUEST = "x11-req";

    private final ForwardingPolicy policy;
    private final SessionRestrictions restrictions;
    private final Consumer<String> log;
    private final AgentForwardingServer agent;
    private final X11ForwardingServer x11;

    private SessionForwarding(ConnectionLayer layer, ForwardingPolicy policy, SessionRestrictions restrictions,
                              String user, Consumer<String> log) {
        this.policy = policy;
        this.restrictions = restrictions;
        this.log = log;
        this.agent = new AgentForwardingServer(layer, user, log);
        this.x11 = new X11ForwardingServer(layer, policy.x11(), user, log);
    }

    /** @param user the logged-in user: owns the sockets when the server runs as root */
    public static SessionForwarding create(ConnectionLayer layer, ForwardingPolicy policy,
                                           SessionRestrictions restrictions, String user, Consumer<String> log) {
        return new SessionForwarding(Objects.requireNonNull(layer), Objects.requireNonNull(policy),
                restrictions == null ? SessionRestrictions.NONE : restrictions, user, log == null ? s -> { } : log);
    }

    @Override
    public boolean onRequest(ServerSession session, String type, byte[] data) {
        return switch (type) {
            case AGENT_REQUEST -> agent(session);
            case X11_REQUEST -> x11(session, data);
            default -> false;
        };
    }

    private boolean agent(ServerSession session) {
        if (!policy.allowAgentForwarding() || !restrictions.allowAgentForwarding()) {
            log.accept("Agent forwarding disabled for this connection, request refused");
            return false;
        }
        try {
            session.putEnvironment("SSH_AUTH_SOCK", agent.socketPath());
            return true;
        } catch (IOException e) {
            log.accept("agent forwarding: " + e.getMessage());
            return false;
        }
    }

    private boolean x11(ServerSession session, byte[] data) {
        if (!policy.x11().enabled() || !restrictions.allowX11()) {
            log.accept("X11 forwarding disabled for this connection, request refused");
            return false;
        }
        try {
            X11ForwardingServer.Display d = x11.start(session.channel(), X11ForwardingServer.Request.decode(data));
            session.putEnvironment("DISPLAY", d.display());
            if (d.xauthority() != null) session.putEnvironment("XAUTHORITY", d.xauthority());
            return true;
        } catch (SshFormatException e) {
            return false;
        } catch (IOException e) {
            log.accept("X11 forwarding: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        agent.close();
        x11.close();
    }
}

package dev.seashell.forwarding;

import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.IncomingChannel;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * ssh's half of agent forwarding ({@code -A}, ForwardAgent): asks for it on a session with
 * {@code auth-agent-req@openssh.com}, and joins each auth-agent@openssh.com channel the server
 * opens to the local agent's socket. Channels arriving before any request are refused, as ssh does.
 *
 * <pre>{@code
 * AgentForwardingClient agent = AgentForwardingClient.register(client.connection(), Path.of(System.getenv("SSH_AUTH_SOCK")), log);
 * try (ClientSession s = client.openSession()) { agent.request(s); s.exec("ssh-add -l"); ... }
 * }</pre>
 */
public final class AgentForwardingClient {
    private final Path agentSocket;
    private final Consumer<String> log;
    private volatile boolean requested;

    private AgentForwardingClient(Path agentSocket, Consumer<String> log) {
        this.agentSocket = agentSocket;
        this.log = log;
    }

    /** Accepts the server's agent channels on {@code layer}, connecting them to {@code agentSocket}. */
    public static AgentForwardingClient register(ConnectionLayer layer, Path agentSocket, Consumer<String> log) {
        AgentForwardingClient c = new AgentForwardingClient(Objects.requireNonNull(agentSocket), log == null ? s -> { } : log);
        layer.registerChannelType(AgentForwardingServer.CHANNEL_TYPE, c::onOpen);
        return c;
    }

    /** Sends auth-agent-req@openssh.com on {@code session} (before exec/shell), without a reply, as ssh does. */
    public void request(ClientSession session) throws IOException {
        requested = true;
        session.channel().sendRequest(SessionForwarding.AGENT_REQUEST, false, new byte[0], null);
    }

    private void onOpen(IncomingChannel in) {
        if (!requested) {
            log.accept("Warning: ssh server tried agent forwarding.");
            log.accept("Warning: this is probably a break-in attempt by a malicious server.");
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
            return;
        }
        in.defer();
        Thread.ofVirtual().name("agent-connect").start(() -> {
            SocketChannel s;
            try {
                s = Sockets.connect(new Endpoint.Unix(agentSocket.toString()), Sockets.CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                log.accept("Error connecting to agent: " + e.getMessage());
                in.reject(ChannelOpenException.CONNECT_FAILED, "could not connect to agent");
                return;
            }
            try {
                Splice.start(s, in.accept(null), null);
            } catch (ChannelOpenException e) {
                Sockets.closeQuietly(s);
            }
        });
    }
}

package dev.seashell.agent;

import dev.seashell.agent.AgentRequest.AddIdentity;
import dev.seashell.agent.AgentRequest.Extension;
import dev.seashell.agent.AgentRequest.Lock;
import dev.seashell.agent.AgentRequest.RemoveAllIdentities;
import dev.seashell.agent.AgentRequest.RemoveIdentity;
import dev.seashell.agent.AgentRequest.RequestIdentities;
import dev.seashell.agent.AgentRequest.SignRequest;
import dev.seashell.agent.AgentResponse.ExtensionResponse;
import dev.seashell.agent.AgentResponse.IdentitiesAnswer;
import dev.seashell.agent.AgentResponse.Identity;
import dev.seashell.agent.AgentResponse.SignResponse;
import dev.seashell.agent.AgentResponse.Success;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection to an SSH agent (OpenSSH's ssh-agent or {@link AgentServer}). Requests are
 * serialised: one request, one reply. Refusals throw {@link AgentException}.
 *
 * <pre>{@code
 * try (AgentClient agent = AgentClient.fromEnvironment()) {
 *     for (AgentResponse.Identity id : agent.list()) ...
 * }
 * }</pre>
 */
public final class AgentClient implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();

    private AgentClient(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = Channels.newOutputStream(channel);
    }

    public static AgentClient connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return new AgentClient(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Connects to $SSH_AUTH_SOCK. */
    public static AgentClient fromEnvironment() throws IOException {
        String sock = System.getenv("SSH_AUTH_SOCK");
        if (sock == null || sock.isEmpty()) throw new IOException("SSH_AUTH_SOCK is not set");
        return connect(Path.of(sock));
    }

    /** Sends one request and returns the reply. */
    public AgentResponse request(AgentRequest request) throws IOException {
        return requestRaw(request.encode());
    }

    /** Sends an already encoded payload (tests use it for malformed requests). */
    AgentResponse requestRaw(byte[] payload) throws IOException {
        lock.lock();
        try {
            AgentFrames.write(out, payload);
            byte[] reply = AgentFrames.read(in);
            if (reply == null) throw new IOException("agent closed the connection");
            return AgentResponse.decode(reply);
        } finally {
            lock.unlock();
        }
    }

    private void expectSuccess(AgentRequest request, String what) throws IOException {
        AgentResponse r = request(request);
        if (!(r instanceof Success)) throw new AgentException("agent refused " + what);
    }

    /** The agent's keys (REQUEST_IDENTITIES); blobs of unknown types are included undecoded. */
    public List<Identity> list() throws IOException {
        return switch (request(new RequestIdentities())) {
            case IdentitiesAnswer a -> a.identities();
            default -> throw new AgentException("agent refused to list identities");
        };
    }

    /** The agent's keys (and certificates) this library can decode, as signing key pairs backed by the agent. */
    public List<AgentKeyPair> keyPairs() throws IOException {
        List<AgentKeyPair> out = new ArrayList<>();
        for (Identity id : list()) {
            try {
                out.add(new AgentKeyPair(this, SshPublicKey.decode(id.keyBlob()), id.comment()));
            } catch (SshFormatException e) {
                // key types we cannot use are skipped
            }
        }
        return out;
    }

    /** Asks the agent to sign; returns the SSH signature blob. RSA algorithms set the matching flag. */
    public byte[] sign(SshPublicKey key, SignatureAlgorithm algorithm, byte[] data) throws IOException {
        int flags = switch (algorithm.plain()) { // certificates: the flag names the underlying hash
            case RSA_SHA2_256 -> AgentProtocol.RSA_SHA2_256;
            case RSA_SHA2_512 -> AgentProtocol.RSA_SHA2_512;
            default -> 0;
        };
        return switch (request(new SignRequest(key.blob(), data, flags))) {
            case SignResponse s -> s.signature();
            default -> throw new AgentException("agent refused operation");
        };
    }

    public void add(SshKeyPair key, Constraints constraints) throws IOException {
        expectSuccess(new AddIdentity(key, constraints), "to add the key");
    }

    public void remove(SshPublicKey key) throws IOException {
        expectSuccess(new RemoveIdentity(key.blob()), "to remove the key");
    }

    public void removeAll() throws IOException {
        expectSuccess(new RemoveAllIdentities(), "to remove all identities");
    }

    public void lock(byte[] passphrase) throws IOException {
        expectSuccess(new Lock(true, passphrase), "to lock");
    }

    public void unlock(byte[] passphrase) throws IOException {
        expectSuccess(new Lock(false, passphrase), "to unlock");
    }

    /** Binds this connection to an SSH session (session-bind@openssh.com). */
    public void bindSession(SessionBinding binding) throws IOException {
        expectSuccess(new Extension(AgentProtocol.EXT_SESSION_BIND, binding.encode()), "the session binding");
    }

    /** The extensions the agent reports through "query"; throws if it does not support the query. */
    public List<String> queryExtensions() throws IOException {
        AgentResponse r = request(new Extension(AgentProtocol.EXT_QUERY, new byte[0]));
        if (!(r instanceof ExtensionResponse x) || !x.name().equals(AgentProtocol.EXT_QUERY)) {
            throw new AgentException("agent does not support the query extension");
        }
        SshReader reader = new SshReader(x.contents());
        List<String> names = new ArrayList<>();
        while (reader.remaining() > 0) names.add(reader.readString());
        return names;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

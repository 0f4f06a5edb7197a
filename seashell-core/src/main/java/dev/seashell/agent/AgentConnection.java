package dev.seashell.agent;

import dev.seashell.agent.AgentRequest.AddIdentity;
import dev.seashell.agent.AgentRequest.Extension;
import dev.seashell.agent.AgentRequest.Lock;
import dev.seashell.agent.AgentRequest.RemoveAllIdentities;
import dev.seashell.agent.AgentRequest.RemoveIdentity;
import dev.seashell.agent.AgentRequest.RequestIdentities;
import dev.seashell.agent.AgentRequest.SignRequest;
import dev.seashell.agent.AgentRequest.Unsupported;
import dev.seashell.agent.AgentResponse.ExtensionFailure;
import dev.seashell.agent.AgentResponse.ExtensionResponse;
import dev.seashell.agent.AgentResponse.Failure;
import dev.seashell.agent.AgentResponse.IdentitiesAnswer;
import dev.seashell.agent.AgentResponse.Identity;
import dev.seashell.agent.AgentResponse.SignResponse;
import dev.seashell.agent.AgentResponse.Success;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** One client of the agent: reads requests, answers them against the shared keyring. */
final class AgentConnection {
    /** OpenSSH's AGENT_MAX_SESSION_IDS: bindings recorded per connection. */
    static final int MAX_BINDINGS = 16;

    private final Keyring keyring;
    private final AgentServer.Options options;
    private final Consumer<String> debug;
    private final List<SessionBinding> bindings = new ArrayList<>();

    AgentConnection(Keyring keyring, AgentServer.Options options) {
        this.keyring = keyring;
        this.options = options;
        this.debug = options.debug();
    }

    /** Serves requests until the client closes the connection or sends a malformed frame. */
    void serve(InputStream in, OutputStream out) throws IOException {
        byte[] payload;
        while ((payload = AgentFrames.read(in)) != null) {
            AgentResponse reply;
            try {
                AgentRequest request = AgentRequest.decode(payload);
                debug.accept("request " + request.getClass().getSimpleName());
                reply = handle(request);
            } catch (SshFormatException e) {
                // A key we cannot parse or an unknown constraint: refuse this request, keep the connection.
                debug.accept("bad request: " + e.getMessage());
                reply = new Failure();
            } finally {
                Arrays.fill(payload, (byte) 0);
            }
            AgentFrames.write(out, reply.encode());
        }
    }

    AgentResponse handle(AgentRequest request) {
        return switch (request) {
            case RequestIdentities r -> new IdentitiesAnswer(keyring.list().stream()
                    .map(e -> new Identity(e.key().publicKey().blob(), e.key().comment())).toList());
            case SignRequest s -> sign(s);
            case AddIdentity a -> add(a);
            case RemoveIdentity r -> status(keyring.remove(r.keyBlob()));
            case RemoveAllIdentities r -> status(keyring.removeAll());
            case Lock l -> l.lock() ? status(keyring.lock(l.passphrase())) : unlock(l.passphrase());
            case Extension x -> extension(x);
            case Unsupported u -> new Failure();
        };
    }

    private static AgentResponse status(boolean ok) {
        return ok ? new Success() : new Failure();
    }

    /** A failed unlock stalls this connection (not the agent) to slow down guessing. */
    private AgentResponse unlock(byte[] passphrase) {
        if (keyring.unlock(passphrase)) return new Success();
        try {
            Thread.sleep(keyring.unlockPenalty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Failure();
    }

    private AgentResponse add(AddIdentity a) {
        Constraints c = a.constraints();
        if (!c.extensions().isEmpty()) {
            debug.accept("refusing key with unsupported constraint extensions " + c.extensions());
            return new Failure();
        }
        var lifetime = c.lifetime() != null ? c.lifetime() : options.defaultLifetime();
        return status(keyring.add(a.key(), lifetime, c.confirm()));
    }

    private AgentResponse sign(SignRequest s) {
        Keyring.Entry e = keyring.find(s.keyBlob());
        if (e == null) return new Failure();
        if (options.refuseForwardedSigning() && !bindings.isEmpty() && bindings.getLast().forwarding()) {
            debug.accept("refusing signature on a connection bound for forwarding");
            return new Failure();
        }
        SshKeyPair key = e.key();
        if (e.confirm() && !options.confirmer().confirm("Allow use of key " + key.comment() + "?\nKey fingerprint "
                + Fingerprints.sha256(key.publicKey()) + ".")) {
            debug.accept("user refused use of key " + key.comment());
            return new Failure();
        }
        SignatureAlgorithm alg = algorithm(key.publicKey(), s.flags());
        try {
            return new SignResponse(key.sign(alg, s.data()));
        } catch (RuntimeException ex) {
            debug.accept("signing failed: " + ex.getMessage());
            return new Failure();
        }
    }

    /** RSA keys sign with the hash the flags ask for (SHA-256 first, as OpenSSH checks), else SHA-1. */
    static SignatureAlgorithm algorithm(SshPublicKey key, int flags) {
        if (key.keyType().equals("ssh-rsa")) {
            if ((flags & AgentProtocol.RSA_SHA2_256) != 0) return SignatureAlgorithm.RSA_SHA2_256;
            if ((flags & AgentProtocol.RSA_SHA2_512) != 0) return SignatureAlgorithm.RSA_SHA2_512;
            return SignatureAlgorithm.SSH_RSA;
        }
        return key.signatureAlgorithms().getFirst();
    }

    private AgentResponse extension(Extension x) {
        return switch (x.name()) {
            case AgentProtocol.EXT_QUERY -> {
                SshWriter w = new SshWriter(64).writeString(AgentProtocol.EXT_QUERY).writeString(AgentProtocol.EXT_SESSION_BIND);
                yield new ExtensionResponse(AgentProtocol.EXT_QUERY, w.toByteArray());
            }
            case AgentProtocol.EXT_SESSION_BIND -> bind(x.contents());
            default -> new Failure(); // the draft: an unsupported extension is a plain FAILURE
        };
    }

    private AgentResponse bind(byte[] contents) {
        SessionBinding b;
        try {
            b = SessionBinding.decode(contents);
        } catch (SshFormatException e) {
            return new ExtensionFailure();
        }
        if (!b.verify()) {
            debug.accept("session-bind: host key signature does not verify");
            return new ExtensionFailure();
        }
        for (SessionBinding old : bindings) {
            if (!old.forwarding()) {
                debug.accept("session-bind: connection already bound for authentication");
                return new ExtensionFailure();
            }
            if (MessageDigest.isEqual(old.sessionId(), b.sessionId())) {
                return old.hostKey().equals(b.hostKey()) ? new Success() : new ExtensionFailure();
            }
        }
        if (bindings.size() >= MAX_BINDINGS) return new ExtensionFailure();
        bindings.add(b);
        debug.accept("session-bind: recorded " + b.hostKey().keyType() + (b.forwarding() ? " (forwarding)" : " (authentication)"));
        return new Success();
    }

    List<SessionBinding> bindings() {
        return List.copyOf(bindings);
    }
}

package dev.seashell.auth;

import static dev.seashell.wire.MessageNumbers.SERVICE_ACCEPT;
import static dev.seashell.wire.MessageNumbers.SERVICE_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_BANNER;
import static dev.seashell.wire.MessageNumbers.USERAUTH_PK_OK;
import static dev.seashell.wire.MessageNumbers.USERAUTH_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.Transport;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's user-authentication state machine (RFC 4252). It owns the connection from the end of
 * the first key exchange until USERAUTH_SUCCESS: the only messages it accepts are the
 * ssh-userauth service request and then USERAUTH_REQUESTs; anything else — a channel open, a
 * service request for ssh-connection, a client-sent USERAUTH_SUCCESS — ends the connection. Nothing
 * reaches the connection layer before {@link #run()} returns.
 */
public final class ServerUserAuth {
    /** Failed attempts take at least this long, so an unknown user answers as slowly as a known one. */
    private static final long MIN_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(12);

    /** The outcome: who logged in, how, with which key (null for password). */
    public record Result(String user, String method, SshPublicKey key) {
        /** A publickey query answered with PK_OK: neither success nor a failure. */
        static final Result PENDING = new Result("", "pending", null);
    }

    /** What the server allows; methods are tried in any order the client likes. */
    public record Policy(
            PublicKeyAuthenticator publicKey,
            PasswordAuthenticator password,
            Set<SignatureAlgorithm> acceptedAlgorithms,
            int maxAuthTries,
            String banner) {}

    private final Transport transport;
    private final Policy policy;
    private final InetSocketAddress remote;
    private final Consumer<String> auditLog;
    private int failures;

    public ServerUserAuth(Transport transport, Policy policy, InetSocketAddress remote, Consumer<String> auditLog) {
        this.transport = transport;
        this.policy = policy;
        this.remote = remote;
        this.auditLog = auditLog;
    }

    public Result run() throws IOException {
        byte[] p = transport.readPacket();
        if ((p[0] & 0xff) != SERVICE_REQUEST) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "expected service request, got message " + (p[0] & 0xff));
        }
        SshReader r = new SshReader(p);
        r.readByte();
        String service = r.readString();
        if (!service.equals(AuthMessages.SERVICE_USERAUTH)) {
            throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE, "service " + service + " not available before authentication");
        }
        transport.send(AuthMessages.service(SERVICE_ACCEPT, AuthMessages.SERVICE_USERAUTH));
        if (policy.banner() != null && !policy.banner().isEmpty()) {
            transport.send(new SshWriter().writeByte(USERAUTH_BANNER).writeString(policy.banner()).writeString("").toByteArray());
        }
        String firstUser = null;
        while (true) {
            p = transport.readPacket();
            int type = p[0] & 0xff;
            if (type != USERAUTH_REQUEST) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "message " + type + " not allowed before authentication");
            }
            long start = System.nanoTime();
            r = new SshReader(p);
            r.readByte();
            String user = r.readString();
            String svc = r.readString();
            String method = r.readString();
            if (!svc.equals(AuthMessages.SERVICE_CONNECTION)) {
                throw new SshProtocolException(DisconnectReason.SERVICE_NOT_AVAILABLE, "unknown service " + svc);
            }
            // OpenSSH refuses a change of user name within one connection.
            if (firstUser == null) firstUser = user;
            else if (!firstUser.equals(user)) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "Change of username or service not allowed");
            }
            Result ok = switch (method) {
                case "publickey" -> publicKey(user, r);
                case "password" -> password(user, r);
                default -> null;
            };
            if (ok == Result.PENDING) continue;
            if (ok != null) {
                transport.send(new byte[] {(byte) USERAUTH_SUCCESS});
                transport.authenticated();
                return ok;
            }
            if (!method.equals("none")) {
                failures++;
                padFailure(start);
                if (failures >= policy.maxAuthTries()) {
                    auditLog.accept("maximum authentication attempts exceeded for " + user + " from " + addr() + " ssh2 [preauth]");
                    throw new SshProtocolException(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "Too many authentication failures");
                }
            }
            transport.send(AuthMessages.failure(methods(), false));
        }
    }

    private List<String> methods() {
        List<String> m = new ArrayList<>();
        if (policy.publicKey() != null) m.add("publickey");
        if (policy.password() != null) m.add("password");
        return m;
    }

    private Result publicKey(String user, SshReader r) throws IOException {
        if (policy.publicKey() == null) return null;
        boolean hasSignature = r.readBoolean();
        String algName = r.readString();
        byte[] blob = r.readBytes();
        SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(algName);
        if (alg == null || !policy.acceptedAlgorithms().contains(alg)) return null;
        SshPublicKey key;
        try {
            key = SshPublicKey.decode(blob);
        } catch (SshFormatException e) {
            return null;
        }
        if (!key.keyType().equals(alg.keyType)) return null;
        if (!hasSignature) {
            r.expectEnd();
            if (!policy.publicKey().isAuthorized(user, key, remote)) return null;
            transport.send(new SshWriter(blob.length + 64).writeByte(USERAUTH_PK_OK).writeString(algName).writeBytes(blob).toByteArray());
            return Result.PENDING;
        }
        byte[] signature = r.readBytes();
        r.expectEnd();
        byte[] signed = AuthMessages.publicKeySignedData(transport.sessionId(), user, AuthMessages.SERVICE_CONNECTION, alg, blob);
        // Verify first, then authorise that very key: the decision is bound to what was verified.
        if (!key.verify(alg, signed, signature) || !policy.publicKey().isAuthorized(user, key, remote)) {
            auditLog.accept("Failed publickey for " + user + " from " + addr() + " ssh2: " + keyLabel(key));
            return null;
        }
        auditLog.accept("Accepted publickey for " + user + " from " + addr() + " ssh2: " + keyLabel(key));
        return new Result(user, "publickey", key);
    }

    private Result password(String user, SshReader r) throws IOException {
        if (policy.password() == null) return null;
        boolean change = r.readBoolean();
        byte[] pw = r.readBytes();
        if (change) return null;
        char[] chars = new String(pw, java.nio.charset.StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(pw, (byte) 0);
        boolean ok = policy.password().check(user, chars, remote);
        Arrays.fill(chars, '\0');
        auditLog.accept((ok ? "Accepted" : "Failed") + " password for " + user + " from " + addr() + " ssh2");
        return ok ? new Result(user, "password", null) : null;
    }

    private static void padFailure(long start) {
        long left = MIN_FAILURE_NANOS - (System.nanoTime() - start);
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private String addr() {
        return remote == null ? "unknown port 0" : remote.getAddress().getHostAddress() + " port " + remote.getPort();
    }

    /** "ED25519 SHA256:…" as OpenSSH logs accepted keys. */
    static String keyLabel(SshPublicKey key) {
        String t = key.keyType();
        String label = t.equals("ssh-ed25519") ? "ED25519" : t.startsWith("ecdsa-") ? "ECDSA" : t.equals("ssh-rsa") ? "RSA" : t;
        return label + " " + Fingerprints.sha256(key);
    }
}

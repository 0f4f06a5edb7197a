package dev.seashell.auth;

import static dev.seashell.wire.MessageNumbers.SERVICE_ACCEPT;
import static dev.seashell.wire.MessageNumbers.SERVICE_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_BANNER;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_RESPONSE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_PK_OK;
import static dev.seashell.wire.MessageNumbers.USERAUTH_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;

import dev.seashell.config.ServerOptions.PermitRootLogin;
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
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The server's user-authentication state machine (RFC 4252, RFC 4256). It owns the connection from
 * the end of the first key exchange until USERAUTH_SUCCESS: the only messages it accepts are the
 * ssh-userauth service request, then USERAUTH_REQUESTs (and INFO_RESPONSEs inside a
 * keyboard-interactive exchange); anything else — a channel open, a service request for
 * ssh-connection, a client-sent USERAUTH_SUCCESS — ends the connection. Nothing reaches the
 * connection layer before {@link #run()} returns.
 *
 * <p>Every method does its full work whatever the user: an unknown or refused user gets the same
 * password hashing, key lookups and prompts as a known one, and fails at the end; failures are
 * padded to a minimum time.
 */
public final class ServerUserAuth {
    /** Failed attempts take at least this long, so an unknown user answers as slowly as a known one. */
    private static final long MIN_FAILURE_NANOS = TimeUnit.MILLISECONDS.toNanos(12);

    /**
     * The outcome: who logged in, by which methods (comma-joined, e.g. "publickey,keyboard-interactive"),
     * with which key (null if no publickey step) and the restrictions that key's options impose.
     */
    public record Result(String user, String method, SshPublicKey key, SessionRestrictions restrictions) {}

    /** What one method attempt came to. */
    private sealed interface Outcome {
        record Passed(SshPublicKey key, SessionRestrictions restrictions) implements Outcome {}

        record Failed() implements Outcome {}

        /** A publickey query answered with PK_OK: neither success nor a failure. */
        record Pending() implements Outcome {}

        /** keyboard-interactive left unanswered for a new request: counted, but the new request gets the reply. */
        record Abandoned() implements Outcome {}
    }

    private static final Outcome FAILED = new Outcome.Failed();

    private final Transport transport;
    private ServerAuthConfig config;
    private java.util.function.Function<String, ServerAuthConfig> perUser = u -> null;
    private final Set<SignatureAlgorithm> acceptedAlgorithms = EnumSet.noneOf(SignatureAlgorithm.class);
    private final InetSocketAddress remote;
    private final Consumer<String> auditLog;
    private MethodChains chains;
    private final List<String> passedMethods = new ArrayList<>();
    private final List<SshPublicKey> usedKeys = new ArrayList<>();
    private int failures;
    private boolean validUser;
    private boolean allowedUser;
    private byte[] pending;

    public ServerUserAuth(Transport transport, ServerAuthConfig config, InetSocketAddress remote, Consumer<String> auditLog) {
        this.transport = transport;
        this.config = config;
        this.remote = remote;
        this.auditLog = auditLog;
        use(config);
    }

    /**
     * sshd_config Match blocks that depend on the user: once the first request names the user, the
     * configuration for that user replaces the global one (null keeps it), as sshd re-reads its Match
     * blocks at that point.
     */
    public ServerUserAuth perUser(java.util.function.Function<String, ServerAuthConfig> configForUser) {
        this.perUser = configForUser;
        return this;
    }

    private void use(ServerAuthConfig c) {
        this.config = c;
        acceptedAlgorithms.clear();
        for (String n : c.pubkeyAcceptedAlgorithms()) {
            SignatureAlgorithm a = SignatureAlgorithm.fromWireName(n);
            if (a != null) acceptedAlgorithms.add(a);
        }
        this.chains = new MethodChains(c.authenticationMethods(), c.enabledMethods());
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
        if (config.banner() != null && !config.banner().isEmpty()) {
            transport.send(new SshWriter().writeByte(USERAUTH_BANNER).writeString(config.banner()).writeString("").toByteArray());
        }
        String firstUser = null;
        SshPublicKey lastKey = null;
        SessionRestrictions restrictions = SessionRestrictions.NONE;
        while (true) {
            p = pending != null ? pending : transport.readPacket();
            pending = null;
            int type = p[0] & 0xff;
            // The transport's MessagePolicy lets only SERVICE_REQUEST, USERAUTH_REQUEST and INFO_RESPONSE
            // through before authentication; which of them may come now is this loop's business.
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
            if (firstUser == null) {
                firstUser = user;
                ServerAuthConfig forUser = perUser.apply(user);
                if (forUser != null) use(forUser);
                checkUser(user);
            } else if (!firstUser.equals(user)) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "Change of username or service not allowed");
            }
            Outcome outcome = !chains.allows(method) ? FAILED : switch (method) {
                case "publickey" -> publicKey(user, r);
                case "password" -> password(user, r);
                case "keyboard-interactive" -> keyboardInteractive(user, r);
                default -> FAILED;
            };
            if (outcome instanceof Outcome.Pending) continue;
            if (outcome instanceof Outcome.Abandoned) {
                countFailure(user);
                continue;
            }
            if (outcome instanceof Outcome.Passed(SshPublicKey key, SessionRestrictions granted)) {
                passedMethods.add(method);
                if (key != null) {
                    lastKey = key;
                    usedKeys.add(key);
                    restrictions = granted;
                }
                if (chains.passed(method)) {
                    transport.send(new byte[] {(byte) USERAUTH_SUCCESS});
                    transport.authenticated();
                    return new Result(user, String.join(",", passedMethods), lastKey, restrictions);
                }
                transport.send(AuthMessages.failure(chains.next(), true));
                continue;
            }
            if (!method.equals("none")) {
                padFailure(start);
                countFailure(user);
            }
            transport.send(AuthMessages.failure(chains.next(), false));
        }
    }

    /** MaxAuthTries: the failure that reaches the limit ends the connection. */
    private void countFailure(String user) throws SshProtocolException {
        if (++failures >= config.maxAuthTries()) {
            auditLog.accept("maximum authentication attempts exceeded for " + who(user) + " from " + addr() + " ssh2 [preauth]");
            throw new SshProtocolException(DisconnectReason.NO_MORE_AUTH_METHODS_AVAILABLE, "Too many authentication failures");
        }
    }

    /** Decides once per connection whether the user exists and may log in; either way the methods run. */
    private void checkUser(String user) {
        validUser = config.accounts() == null || config.accounts().apply(user).isPresent();
        if (!validUser) {
            auditLog.accept("Invalid user " + user + " from " + addr());
            allowedUser = false;
            return;
        }
        Optional<String> refusal = UserAccessPolicy.refusal(config, user, remote);
        refusal.ifPresent(why -> auditLog.accept("User " + user + " from " + host() + " not allowed because " + why));
        allowedUser = refusal.isEmpty();
    }

    private boolean isRoot(String user) {
        if (user.equals("root")) return true;
        return config.accounts() != null && config.accounts().apply(user).map(a -> a.uid() == 0).orElse(false);
    }

    /** PermitRootLogin for a method; {@code forcedCommand} is whether the key carries command=. */
    private boolean rootAllowed(String user, String method, boolean forcedCommand) {
        if (!isRoot(user)) return true;
        PermitRootLogin p = config.permitRootLogin();
        boolean ok = switch (p) {
            case YES -> true;
            case NO -> false;
            case PROHIBIT_PASSWORD -> method.equals("publickey");
            case FORCED_COMMANDS_ONLY -> method.equals("publickey") && forcedCommand;
        };
        if (!ok) auditLog.accept("ROOT LOGIN REFUSED FROM " + host() + " port " + (remote == null ? 0 : remote.getPort()));
        return ok;
    }

    private Outcome publicKey(String user, SshReader r) throws IOException {
        boolean hasSignature = r.readBoolean();
        String algName = r.readString();
        byte[] blob = r.readBytes();
        SignatureAlgorithm alg = SignatureAlgorithm.fromWireName(algName);
        if (alg == null || !acceptedAlgorithms.contains(alg)) {
            auditLog.accept("userauth_pubkey: signature algorithm " + algName + " not in PubkeyAcceptedAlgorithms [preauth]");
            return FAILED;
        }
        SshPublicKey key;
        try {
            key = SshPublicKey.decode(blob);
        } catch (SshFormatException e) {
            return FAILED;
        }
        if (!key.keyType().equals(alg.keyType)) return FAILED;
        // A key that already passed a step cannot pass another (publickey,publickey needs two keys).
        boolean reused = usedKeys.stream().anyMatch(k -> Arrays.equals(k.blob(), blob));
        if (!hasSignature) {
            r.expectEnd();
            Optional<SessionRestrictions> granted = config.publicKeys().authorize(user, key, remote);
            if (reused || granted.isEmpty() || !validUser || !allowedUser) return FAILED;
            transport.send(new SshWriter(blob.length + 64).writeByte(USERAUTH_PK_OK).writeString(algName).writeBytes(blob).toByteArray());
            return new Outcome.Pending();
        }
        byte[] signature = r.readBytes();
        r.expectEnd();
        byte[] signed = AuthMessages.publicKeySignedData(transport.sessionId(), user, AuthMessages.SERVICE_CONNECTION, alg, blob);
        // Verify first, then authorise that very key: the decision is bound to what was verified.
        boolean verified = key.verify(alg, signed, signature);
        Optional<SessionRestrictions> granted = verified ? config.publicKeys().authorize(user, key, remote) : Optional.empty();
        boolean ok = verified && granted.isPresent() && validUser && allowedUser && !reused
                && rootAllowed(user, "publickey", granted.get().hasForcedCommand());
        auditLog.accept((ok ? "Accepted" : "Failed") + " publickey for " + who(user) + " from " + addr() + " ssh2: " + keyLabel(key));
        return ok ? new Outcome.Passed(key, granted.get()) : FAILED;
    }

    private Outcome password(String user, SshReader r) throws IOException {
        boolean change = r.readBoolean();
        byte[] pw = r.readBytes();
        if (change) {
            Arrays.fill(pw, (byte) 0);
            return FAILED; // password change is not supported
        }
        boolean ok = checkPassword(user, pw, "password");
        auditLog.accept((ok ? "Accepted" : "Failed") + " password for " + who(user) + " from " + addr() + " ssh2");
        return ok ? new Outcome.Passed(null, SessionRestrictions.NONE) : FAILED;
    }

    /** The password work, identical for every user; wipes {@code pw}. */
    private boolean checkPassword(String user, byte[] pw, String method) {
        char[] chars = new String(pw, StandardCharsets.UTF_8).toCharArray();
        Arrays.fill(pw, (byte) 0);
        try {
            boolean ok = config.passwords() != null && config.passwords().check(user, chars, remote);
            boolean empty = chars.length == 0;
            return ok && (!empty || config.permitEmptyPasswords()) && validUser && allowedUser && rootAllowed(user, method, false);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * RFC 4256: one INFO_REQUEST round per factor — "Password: " when passwords back it, then
     * "Verification code: " when TOTP is on. All rounds are asked even after a wrong answer, so the
     * client cannot tell which factor failed. A new USERAUTH_REQUEST instead of a response abandons
     * the exchange (it is then handled as the next request).
     */
    private Outcome keyboardInteractive(String user, SshReader r) throws IOException {
        r.readString(); // language tag (deprecated)
        r.readString(); // submethods: we have one device
        r.expectEnd();
        boolean ok = true;
        if (config.kbdInteractivePassword() && config.passwords() != null) {
            byte[] answer = ask("Password: ");
            if (answer == null) return new Outcome.Abandoned();
            ok = checkPassword(user, answer, "keyboard-interactive");
        }
        if (config.totp() != null) {
            byte[] answer = ask("Verification code: ");
            if (answer == null) return new Outcome.Abandoned();
            boolean code = config.totp().verify(user, new String(answer, StandardCharsets.UTF_8));
            ok &= code && validUser && allowedUser && rootAllowed(user, "keyboard-interactive", false);
        }
        auditLog.accept((ok ? "Accepted" : "Failed") + " keyboard-interactive/pam for " + who(user) + " from " + addr() + " ssh2");
        return ok ? new Outcome.Passed(null, SessionRestrictions.NONE) : FAILED;
    }

    /** One prompt, echo off; the answer, or null if the client moved on to another request. */
    private byte[] ask(String prompt) throws IOException {
        transport.send(new SshWriter(64).writeByte(USERAUTH_INFO_REQUEST).writeString("").writeString("").writeString("")
                .writeInt(1).writeString(prompt).writeBoolean(false).toByteArray());
        byte[] p = transport.readPacket();
        int type = p[0] & 0xff;
        if (type == USERAUTH_REQUEST) {
            pending = p;
            return null;
        }
        if (type != USERAUTH_INFO_RESPONSE) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "message " + type + " not allowed during keyboard-interactive");
        }
        SshReader r = new SshReader(p);
        r.readByte();
        long n = r.readUint32();
        if (n != 1) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "expected 1 response, got " + n);
        byte[] answer = r.readBytes();
        r.expectEnd();
        return answer;
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

    private String who(String user) {
        return validUser ? user : "invalid user " + user;
    }

    private String host() {
        return remote == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private String addr() {
        return remote == null ? "unknown port 0" : remote.getAddress().getHostAddress() + " port " + remote.getPort();
    }

    /** "ED25519 SHA256:…" as OpenSSH logs accepted keys. */
    static String keyLabel(SshPublicKey key) {
        if (key instanceof dev.seashell.keys.SshCertificate c) {
            return c.displayType() + " " + Fingerprints.sha256(c.key()) + " ID " + c.keyId() + " (serial " + Long.toUnsignedString(c.serial())
                    + ") CA " + c.signatureKey().displayType() + " " + Fingerprints.sha256(c.signatureKey());
        }
        String t = key.keyType();
        String label = t.equals("ssh-ed25519") ? "ED25519" : t.startsWith("ecdsa-") ? "ECDSA" : t.equals("ssh-rsa") ? "RSA" : t;
        return label + " " + Fingerprints.sha256(key);
    }
}

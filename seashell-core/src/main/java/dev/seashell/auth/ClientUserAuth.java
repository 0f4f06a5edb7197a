package dev.seashell.auth;

import static dev.seashell.wire.MessageNumbers.SERVICE_ACCEPT;
import static dev.seashell.wire.MessageNumbers.SERVICE_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_BANNER;
import static dev.seashell.wire.MessageNumbers.USERAUTH_FAILURE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_INFO_RESPONSE;
import static dev.seashell.wire.MessageNumbers.USERAUTH_PK_OK;
import static dev.seashell.wire.MessageNumbers.USERAUTH_REQUEST;
import static dev.seashell.wire.MessageNumbers.USERAUTH_SUCCESS;

import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.transport.Transport;
import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** The client side of user authentication (RFC 4252, RFC 4256): none, publickey, keyboard-interactive, password. */
public final class ClientUserAuth {

    /** Asks the user for a password; null gives up. */
    @FunctionalInterface
    public interface PasswordPrompt {
        char[] password(String prompt);
    }

    /** One keyboard-interactive prompt. */
    public record Prompt(String text, boolean echo) {}

    /** Answers keyboard-interactive prompts; null gives up. */
    @FunctionalInterface
    public interface InteractivePrompt {
        String[] respond(String name, String instruction, List<Prompt> prompts);
    }

    /** What the client may use, in the order it prefers methods. */
    public record Options(
            String user,
            List<SshKeyPair> identities,
            PasswordPrompt password,
            InteractivePrompt interactive,
            List<String> preferredMethods,
            int passwordPrompts,
            String host) {}

    private final Transport transport;
    private final Options options;
    private final Consumer<String> banner;
    private final Consumer<String> debug;
    private List<String> canContinue = List.of();
    private boolean partialSuccess;
    private final java.util.Set<String> usedKeys = new java.util.HashSet<>();

    public ClientUserAuth(Transport transport, Options options, Consumer<String> banner, Consumer<String> debug) {
        this.transport = transport;
        this.options = options;
        this.banner = banner;
        this.debug = debug;
    }

    /** Authenticates or throws {@link AuthenticationFailedException}. */
    public void run() throws IOException {
        transport.send(AuthMessages.service(SERVICE_REQUEST, AuthMessages.SERVICE_USERAUTH));
        byte[] p = transport.readPacket();
        if ((p[0] & 0xff) != SERVICE_ACCEPT) {
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "expected SERVICE_ACCEPT, got " + (p[0] & 0xff));
        }
        if (tryNone()) return;
        // A partial success (AuthenticationMethods chains) changes what can continue: start over with
        // the new list, but never repeat a method that already failed outright.
        java.util.Set<String> failed = new java.util.HashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String method : options.preferredMethods()) {
                if (!canContinue.contains(method) || failed.contains(method)) continue;
                debug.accept("Next authentication method: " + method);
                partialSuccess = false;
                boolean ok = switch (method) {
                    case "publickey" -> tryPublicKeys();
                    case "keyboard-interactive" -> tryKeyboardInteractive();
                    case "password" -> tryPassword();
                    default -> false;
                };
                if (ok) return;
                if (partialSuccess) {
                    progress = true;
                    failed.clear(); // the server's state moved on: earlier refusals may not hold any more
                    break;
                }
                failed.add(method);
            }
        }
        throw new AuthenticationFailedException(canContinue);
    }

    private SshWriter request(String method) {
        return new SshWriter(256).writeByte(USERAUTH_REQUEST).writeString(options.user())
                .writeString(AuthMessages.SERVICE_CONNECTION).writeString(method);
    }

    private boolean tryNone() throws IOException {
        transport.send(request("none").toByteArray());
        return awaitOutcome();
    }

    /** Reads until SUCCESS (true) or FAILURE (false, remembering the methods); banners are shown. */
    private boolean awaitOutcome() throws IOException {
        while (true) {
            byte[] p = next();
            int type = p[0] & 0xff;
            if (type == USERAUTH_SUCCESS) return success();
            if (type == USERAUTH_FAILURE) {
                readFailure(p);
                return false;
            }
            throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "unexpected message " + type + " during authentication");
        }
    }

    private boolean success() {
        transport.authenticated();
        return true;
    }

    private void readFailure(byte[] p) throws IOException {
        SshReader r = new SshReader(p);
        r.readByte();
        canContinue = r.readNameList();
        boolean partial = r.readBoolean();
        if (partial) partialSuccess = true;
        debug.accept("Authentications that can continue: " + String.join(",", canContinue) + (partial ? " (partial success)" : ""));
    }

    /** The next auth message, with banners shown on the way. */
    private byte[] next() throws IOException {
        while (true) {
            byte[] p = transport.readPacket();
            if ((p[0] & 0xff) != USERAUTH_BANNER) return p;
            SshReader r = new SshReader(p);
            r.readByte();
            banner.accept(r.readString());
        }
    }

    private boolean tryPublicKeys() throws IOException {
        for (SshKeyPair key : options.identities()) {
            if (!canContinue.contains("publickey")) return false;
            // A key that already succeeded (partially) is not offered again.
            String id = java.util.HexFormat.of().formatHex(key.publicKey().blob());
            if (usedKeys.contains(id)) continue;
            SignatureAlgorithm alg = signatureFor(key.publicKey().keyType());
            if (alg == null) continue;
            byte[] blob = key.publicKey().blob();
            debug.accept("Offering public key: " + key.comment() + " " + key.publicKey().keyType());
            transport.send(request("publickey").writeBoolean(false).writeString(alg.wireName).writeBytes(blob).toByteArray());
            byte[] p = next();
            int type = p[0] & 0xff;
            if (type == USERAUTH_SUCCESS) return success();
            if (type == USERAUTH_FAILURE) {
                readFailure(p);
                continue;
            }
            if (type != USERAUTH_PK_OK) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "unexpected message " + type);
            debug.accept("Server accepts key: " + key.comment() + " " + key.publicKey().keyType());
            byte[] signed = AuthMessages.publicKeySignedData(transport.sessionId(), options.user(), AuthMessages.SERVICE_CONNECTION, alg, blob);
            byte[] sig = key.sign(alg, signed);
            transport.send(request("publickey").writeBoolean(true).writeString(alg.wireName).writeBytes(blob).writeBytes(sig).toByteArray());
            if (awaitOutcome()) return true;
            if (partialSuccess) {
                usedKeys.add(id);
                return false;
            }
        }
        return false;
    }

    /** rsa-sha2-512/256 as the server's server-sig-algs allows (RFC 8332 §3.3); others by key type. */
    private SignatureAlgorithm signatureFor(String keyType) {
        if (keyType.equals("ssh-rsa") || keyType.equals("ssh-rsa-cert-v01@openssh.com")) {
            boolean cert = !keyType.equals("ssh-rsa");
            List<String> algs = transport.serverSigAlgs();
            SignatureAlgorithm a = algs.contains("rsa-sha2-512") || algs.isEmpty() ? SignatureAlgorithm.RSA_SHA2_512
                    : algs.contains("rsa-sha2-256") ? SignatureAlgorithm.RSA_SHA2_256 : null;
            return a == null || !cert ? a : a.certified();
        }
        return SignatureAlgorithm.fromWireName(keyType);
    }

    private boolean tryPassword() throws IOException {
        if (options.password() == null) return false;
        for (int i = 0; i < options.passwordPrompts() && canContinue.contains("password"); i++) {
            char[] pw = options.password().password(options.user() + "@" + options.host() + "'s password: ");
            if (pw == null) return false;
            byte[] bytes = new String(pw).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(pw, '\0');
            transport.send(request("password").writeBoolean(false).writeBytes(bytes).toByteArray());
            Arrays.fill(bytes, (byte) 0);
            if (awaitOutcome()) return true;
        }
        return false;
    }

    private boolean tryKeyboardInteractive() throws IOException {
        if (options.interactive() == null) return false;
        transport.send(request("keyboard-interactive").writeString("").writeString("").toByteArray());
        int rounds = 0;
        while (true) {
            byte[] p = next();
            int type = p[0] & 0xff;
            if (type == USERAUTH_SUCCESS) return success();
            if (type == USERAUTH_FAILURE) {
                readFailure(p);
                return false;
            }
            if (type != USERAUTH_INFO_REQUEST || ++rounds > 32) {
                throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "unexpected message " + type);
            }
            SshReader r = new SshReader(p);
            r.readByte();
            String name = r.readString();
            String instruction = r.readString();
            r.readString(); // language tag
            long n = r.readUint32();
            if (n > 64) throw new SshProtocolException(DisconnectReason.PROTOCOL_ERROR, "too many prompts");
            List<Prompt> prompts = new ArrayList<>();
            for (long i = 0; i < n; i++) prompts.add(new Prompt(r.readString(), r.readBoolean()));
            String[] answers = prompts.isEmpty() ? new String[0] : options.interactive().respond(name, instruction, prompts);
            if (answers == null || answers.length != prompts.size()) return false;
            SshWriter w = new SshWriter(128).writeByte(USERAUTH_INFO_RESPONSE).writeInt(answers.length);
            for (String a : answers) w.writeString(a);
            transport.send(w.toByteArray());
        }
    }

    /** The methods the server said can continue, after a failure. */
    public List<String> methodsThatCanContinue() {
        return canContinue;
    }
}

package dev.seashell.auth;

import java.io.IOException;
import java.util.List;

/**
 * Authentication failed: every method the client could try was refused. {@link #methodsThatCanContinue()}
 * are the server's last word (the methods it would still accept, e.g. {@code [publickey, password]}); the
 * message is OpenSSH's {@code Permission denied (publickey,password).}
 */
public final class AuthenticationFailedException extends IOException {
    private final List<String> methodsThatCanContinue;

    /** @param methodsThatCanContinue the methods the server's last USERAUTH_FAILURE listed */
    public AuthenticationFailedException(List<String> methodsThatCanContinue) {
        super("Permission denied (" + String.join(",", methodsThatCanContinue) + ").");
        this.methodsThatCanContinue = List.copyOf(methodsThatCanContinue);
    }

    /** The authentication methods the server would still accept (RFC 4252 §5.1), in its order. */
    public List<String> methodsThatCanContinue() {
        return methodsThatCanContinue;
    }
}

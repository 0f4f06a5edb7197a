package dev.seashell.auth;

import java.io.IOException;
import java.util.List;

/** Every method the client could try failed; {@link #methodsThatCanContinue()} are the server's last word. */
public final class AuthenticationFailedException extends IOException {
    private final List<String> methodsThatCanContinue;

    public AuthenticationFailedException(List<String> methodsThatCanContinue) {
        super("Permission denied (" + String.join(",", methodsThatCanContinue) + ").");
        this.methodsThatCanContinue = List.copyOf(methodsThatCanContinue);
    }

    public List<String> methodsThatCanContinue() {
        return methodsThatCanContinue;
    }
}

package dev.seashell.cli.keygen;

/** Ends a keygen action: the message (if any) goes to stderr and code becomes the exit status. */
final class Fail extends Exception {
    final int code;

    Fail(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** ssh-keygen's fatal(): exit status 255. */
    static Fail fatal(String message) {
        return new Fail(255, message);
    }
}

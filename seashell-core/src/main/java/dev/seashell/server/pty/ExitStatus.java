package dev.seashell.server.pty;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a pty child ended, as {@link Process#exitValue()} reports it: the exit code, or 128 + n when the
 * process died of signal n. The JDK folds both into one int, so a child that called {@code exit(130)}
 * is indistinguishable from one killed by SIGINT; {@link #signal()} is therefore a best guess, exactly
 * as a shell's {@code $?} is.
 */
public record ExitStatus(int code) {
    /** The signal number when {@code code} is in 129..192 (the 128 + n convention), else empty. */
    public OptionalInt signal() {
        return code > 128 && code <= 128 + 64 ? OptionalInt.of(code - 128) : OptionalInt.empty();
    }

    /** The probable signal, if it is one SSH can name in an "exit-signal" request. */
    public Optional<Signal> sshSignal() {
        OptionalInt n = signal();
        return n.isPresent() ? Signal.fromNumber(n.getAsInt()) : Optional.empty();
    }
}

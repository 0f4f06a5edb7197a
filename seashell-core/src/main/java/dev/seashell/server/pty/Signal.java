package dev.seashell.server.pty;

import java.util.Optional;

/** The signals RFC 4254 §6.9/§6.10 name, with their Linux numbers. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), ABRT(6), FPE(8), KILL(9), USR1(10), SEGV(11), USR2(12), PIPE(13),
    ALRM(14), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** The Linux signal number. */
    public int number() {
        return number;
    }

    /** The SSH name, without the "SIG" prefix (as in "exit-signal" and "signal" requests). */
    public String sshName() {
        return name();
    }

    /** Looks up an SSH signal name such as "INT". */
    public static Optional<Signal> fromSshName(String name) {
        for (Signal s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Looks up a Linux signal number. */
    public static Optional<Signal> fromNumber(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}

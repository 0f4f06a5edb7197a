package dev.seashell.config;

import java.util.Locale;

/** LogLevel values; DEBUG is an alias of DEBUG1 and is how OpenSSH prints it. */
public enum LogLevel {
    QUIET, FATAL, ERROR, INFO, VERBOSE, DEBUG1, DEBUG2, DEBUG3;

    /** Name as {@code ssh -G} / {@code sshd -T} print it. */
    public String openSshName() {
        return this == DEBUG1 ? "DEBUG" : name();
    }

    /** Case-insensitive parse; null when unknown. */
    public static LogLevel parse(String s) {
        String u = s.toUpperCase(Locale.ROOT);
        if (u.equals("DEBUG")) {
            return DEBUG1;
        }
        for (LogLevel l : values()) {
            if (l.name().equals(u)) {
                return l;
            }
        }
        return null;
    }
}

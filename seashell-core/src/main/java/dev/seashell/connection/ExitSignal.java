package dev.seashell.connection;

/** The "exit-signal" of a session (RFC 4254 §6.10): signal name without "SIG", as in "TERM". */
public record ExitSignal(String signalName, boolean coreDumped, String message) {
    /** Names of RFC 4254 §6.10 by Linux signal number, for mapping an exit code of 128+n. */
    public static String nameOf(int signalNumber) {
        return switch (signalNumber) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 4 -> "ILL";
            case 6 -> "ABRT";
            case 8 -> "FPE";
            case 9 -> "KILL";
            case 10 -> "USR1";
            case 11 -> "SEGV";
            case 12 -> "USR2";
            case 13 -> "PIPE";
            case 14 -> "ALRM";
            case 15 -> "TERM";
            default -> null;
        };
    }
}

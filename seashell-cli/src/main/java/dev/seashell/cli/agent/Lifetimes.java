package dev.seashell.cli.agent;

/** OpenSSH's convtime: "90", "1h30m", "2d" (s, m, h, d, w units; a bare number is seconds). */
final class Lifetimes {
    private Lifetimes() {}

    /** Seconds, or -1 if malformed or out of range. */
    static long parse(String s) {
        if (s == null || s.isEmpty()) return -1;
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
            if (i == start || i - start > 10) return -1;
            long n = Long.parseLong(s.substring(start, i));
            long unit = 1;
            if (i < s.length()) {
                unit = switch (Character.toLowerCase(s.charAt(i))) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> -1;
                };
                if (unit < 0) return -1;
                i++;
            }
            total += n * unit;
            if (total > Integer.MAX_VALUE) return -1;
        }
        return total;
    }
}

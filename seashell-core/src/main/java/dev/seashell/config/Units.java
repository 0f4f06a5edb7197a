package dev.seashell.config;

/** OpenSSH's TIME FORMATS ({@code 1h30m}) and scaled sizes ({@code 1G}). */
public final class Units {
    private Units() {}

    /** convtime: returns seconds, or -1 if malformed. A bare number is seconds. */
    public static long seconds(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        long total = 0;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                return -1;
            }
            long n = Long.parseLong(s.substring(start, i));
            long mult = 1;
            if (i < s.length()) {
                mult = switch (Character.toLowerCase(s.charAt(i))) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    case 'd' -> 86400;
                    case 'w' -> 604800;
                    default -> -1;
                };
                if (mult < 0) {
                    return -1;
                }
                i++;
            }
            total += n * mult;
            if (total > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return total;
    }

    /** scan_scaled: a byte count with an optional K, M, G or T suffix (powers of 1024); -1 if malformed. */
    public static long bytes(String s) {
        if (s == null || s.isEmpty()) {
            return -1;
        }
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 15) {
            return -1;
        }
        return Long.parseLong(digits) << shift;
    }
}

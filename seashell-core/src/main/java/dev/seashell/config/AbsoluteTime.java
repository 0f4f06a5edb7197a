package dev.seashell.config;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * OpenSSH's absolute times (its parse_absolute_time), as authorized_keys' expiry-time= and
 * ssh-keygen -V take them: YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS in local time, or in UTC with a
 * trailing Z.
 */
public final class AbsoluteTime {
    private AbsoluteTime() {}

    /** The instant {@code v} names, or null when it is not one of the accepted forms or no real date. */
    public static Instant parse(String v) {
        boolean utc = v.endsWith("Z") || v.endsWith("z");
        String d = utc ? v.substring(0, v.length() - 1) : v;
        if (!d.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
        String full = switch (d.length()) {
            case 8 -> d + "000000";
            case 12 -> d + "00";
            case 14 -> d;
            default -> null;
        };
        if (full == null) return null;
        try {
            LocalDateTime t = LocalDateTime.of(Integer.parseInt(full.substring(0, 4)), Integer.parseInt(full.substring(4, 6)),
                    Integer.parseInt(full.substring(6, 8)), Integer.parseInt(full.substring(8, 10)),
                    Integer.parseInt(full.substring(10, 12)), Integer.parseInt(full.substring(12, 14)));
            return t.atZone(utc ? ZoneOffset.UTC : ZoneId.systemDefault()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }
}

package dev.seashell.cli;

import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpStatVfs;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** The text of sftp's ls and df: OpenSSH's ls_file() long lines, its columns, and df's table. */
final class SftpListing {
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ENGLISH);
    private static final long SIX_MONTHS = 365L * 24 * 60 * 60 / 2;

    private SftpListing() {}

    /** One long line: mode, link count (unknown over SFTP v3: "?"), owner, group, size, time, name. */
    static String longLine(String name, SftpAttributes a, String user, String group, boolean humanSizes) {
        String size = humanSizes ? scaled(a.size()) : Long.toString(a.size());
        return String.format("%s  %3s %-" + Math.max(8, user.length()) + "s %-" + Math.max(8, group.length()) + "s %8s %s %s",
                mode(a.permissions()), "?", user, group, size, time(a.mtime()), name);
    }

    /** strmode(3) without the trailing space: type letter and rwx triplets with s/S/t/T. */
    static String mode(int m) {
        char type = switch (m & 0170000) {
            case 0040000 -> 'd';
            case 0120000 -> 'l';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            case 0100000 -> '-';
            default -> '?';
        };
        StringBuilder sb = new StringBuilder().append(type);
        sb.append((m & 0400) != 0 ? 'r' : '-').append((m & 0200) != 0 ? 'w' : '-');
        sb.append(special(m & 0100, m & 04000, 's', 'S'));
        sb.append((m & 040) != 0 ? 'r' : '-').append((m & 020) != 0 ? 'w' : '-');
        sb.append(special(m & 010, m & 02000, 's', 'S'));
        sb.append((m & 04) != 0 ? 'r' : '-').append((m & 02) != 0 ? 'w' : '-');
        sb.append(special(m & 01, m & 01000, 't', 'T'));
        return sb.toString();
    }

    private static char special(int exec, int bit, char withExec, char without) {
        if (bit != 0) return exec != 0 ? withExec : without;
        return exec != 0 ? 'x' : '-';
    }

    private static String time(long epochSeconds) {
        long now = Instant.now().getEpochSecond();
        ZonedDateTime t = Instant.ofEpochSecond(epochSeconds).atZone(ZoneId.systemDefault());
        boolean recent = epochSeconds + SIX_MONTHS > now && epochSeconds < now + SIX_MONTHS;
        return (recent ? RECENT : OLD).format(t);
    }

    /** Short names in columns as sftp prints them: as many as fit in {@code width}, each padded to the longest + 2. */
    static String columns(List<String> names, int width, int minLongest) {
        if (names.isEmpty()) return "";
        int longest = Math.max(minLongest, names.stream().mapToInt(String::length).max().orElse(0));
        int colspace = longest + 2;
        int perLine = Math.max(1, width / colspace);
        StringBuilder sb = new StringBuilder();
        int c = 1;
        for (String n : names) {
            sb.append(n).append(" ".repeat(colspace - n.length()));
            if (c >= perLine) {
                sb.append('\n');
                c = 1;
            } else {
                c++;
            }
        }
        if (c != 1) sb.append('\n');
        return sb.toString();
    }

    /** fmt_scaled(3): three significant figures with a unit letter (B, K, M, G, T, P, E). */
    static String scaled(long bytes) {
        String units = "BKMGTPE";
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) return bytes + "B";
        if (v >= 99.95 || v == Math.rint(v)) return Math.round(v) + String.valueOf(units.charAt(u));
        return String.format(Locale.ROOT, "%.1f%c", v, units.charAt(u));
    }

    /** df's table: KiB figures, {@code -h} scaled sizes or {@code -i} inodes. */
    static String df(SftpStatVfs s, boolean human, boolean inodes) {
        if (inodes) {
            long used = s.files() - s.ffree();
            long cap = s.files() == 0 ? 0 : 100 * used / s.files();
            return String.format("%11s %11s %11s %11s %12s%n%11d %11d %11d %11d %11d%%%n",
                    "Inodes", "Used", "Avail", "(root)", "%Capacity", s.files(), used, s.favail(), s.ffree(), cap);
        }
        long fr = s.frsize() == 0 ? s.bsize() : s.frsize();
        long total = fr * s.blocks();
        long used = fr * (s.blocks() - s.bfree());
        long avail = fr * s.bavail();
        long root = fr * s.bfree();
        long cap = s.blocks() == 0 ? 0 : 100 * (s.blocks() - s.bfree()) / s.blocks();
        if (human) {
            return String.format("%8s %8s %8s %8s %12s%n%7sB %7sB %7sB %7sB %11d%%%n", "Size", "Used", "Avail", "(root)", "%Capacity",
                    scaled(total), scaled(used), scaled(avail), scaled(root), cap);
        }
        return String.format("%12s %12s %12s %12s %12s%n%12d %12d %12d %12d %11d%%%n", "Size", "Used", "Avail", "(root)", "%Capacity",
                total / 1024, used / 1024, avail / 1024, root / 1024, cap);
    }
}

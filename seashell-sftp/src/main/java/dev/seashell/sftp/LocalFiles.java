package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Local file attributes through the JDK's {@code unix:*} view, and {@code ls -l} long names as sftp-server formats them. */
final class LocalFiles {
    private static final LinkOption[] FOLLOW = {};
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final String BASIC = "unix:mode,uid,gid,size,lastAccessTime,lastModifiedTime";
    private static final String LONG = BASIC + ",nlink,owner,group";
    private static final DateTimeFormatter RECENT = DateTimeFormatter.ofPattern("MMM ppd HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter OLD = DateTimeFormatter.ofPattern("MMM ppd  yyyy", Locale.ENGLISH);
    private static final long HALF_YEAR = 365L * 24 * 60 * 60 / 2;

    private LocalFiles() {}

    static LinkOption[] links(boolean follow) {
        return follow ? FOLLOW : NOFOLLOW;
    }

    static SftpAttributes attributes(Path p, boolean follow) throws IOException {
        return toAttributes(Files.readAttributes(p, BASIC, links(follow)));
    }

    private static SftpAttributes toAttributes(Map<String, Object> m) {
        return SftpAttributes.EMPTY
                .withSize((Long) m.get("size"))
                .withOwner((Integer) m.get("uid"), (Integer) m.get("gid"))
                .withPermissions((Integer) m.get("mode"))
                .withTimes(seconds(m.get("lastAccessTime")), seconds(m.get("lastModifiedTime")));
    }

    private static long seconds(Object fileTime) {
        return Math.max(0, Math.min(0xffffffffL, ((FileTime) fileTime).toMillis() / 1000));
    }

    /** A READDIR entry for {@code child} (not following a final link), named {@code name}. */
    static SftpEntry entry(Path child, String name) throws IOException {
        Map<String, Object> m = Files.readAttributes(child, LONG, NOFOLLOW);
        SftpAttributes a = toAttributes(m);
        String user = ((UserPrincipal) m.get("owner")).getName();
        String group = ((UserPrincipal) m.get("group")).getName();
        return new SftpEntry(name, longname(name, a, (Integer) m.get("nlink"), user, group, Instant.now()), a);
    }

    /** sftp-common.c ls_file(): {@code "%s %3u %-*s %-*s %8llu %s %s"} with strmode()'s trailing space. */
    static String longname(String name, SftpAttributes a, int nlink, String user, String group, Instant now) {
        Instant mtime = Instant.ofEpochSecond(a.mtime());
        boolean recent = mtime.isAfter(now.minusSeconds(HALF_YEAR)) && !mtime.isAfter(now);
        String date = (recent ? RECENT : OLD).format(mtime.atZone(ZoneId.systemDefault()));
        return String.format(Locale.ROOT, "%s %3d %-" + Math.max(8, user.length()) + "s %-" + Math.max(8, group.length()) + "s %8d %s %s",
                strmode(a.permissions()), nlink, user, group, a.size(), date, name);
    }

    /** BSD strmode(3): type letter, rwx triplets with s/S/t/T, and a trailing space. */
    static String strmode(int mode) {
        char type = switch (mode & S_IFMT) {
            case S_IFDIR -> 'd';
            case S_IFLNK -> 'l';
            case S_IFCHR -> 'c';
            case S_IFBLK -> 'b';
            case S_IFIFO -> 'p';
            case S_IFSOCK -> 's';
            case S_IFREG -> '-';
            default -> '?';
        };
        StringBuilder sb = new StringBuilder(11).append(type);
        triplet(sb, mode >> 6, (mode & 04000) != 0, 's');
        triplet(sb, mode >> 3, (mode & 02000) != 0, 's');
        triplet(sb, mode, (mode & 01000) != 0, 't');
        return sb.append(' ').toString();
    }

    private static void triplet(StringBuilder sb, int bits, boolean special, char letter) {
        sb.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-');
        boolean x = (bits & 1) != 0;
        sb.append(special ? (x ? letter : Character.toUpperCase(letter)) : (x ? 'x' : '-'));
    }

    /** POSIX permission bits (0777) as NIO permissions, for creating files and directories. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) set.add(order[i]);
        return set;
    }

    /**
     * SETSTAT in sftp-server's order: size, permissions, times, owner. {@code channel}, when given,
     * is used for the size change (FSETSTAT).
     */
    static void apply(Path p, SftpAttributes a, boolean follow, FileChannel channel) throws IOException {
        LinkOption[] opts = links(follow);
        if (a.hasSize()) {
            if (channel != null) setSize(channel, a.size());
            else try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                setSize(ch, a.size());
            }
        }
        if (a.hasPermissions()) Files.setAttribute(p, "unix:mode", a.permissions() & 07777, opts);
        if (a.hasTimes()) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, opts)
                    .setTimes(FileTime.fromMillis(a.mtime() * 1000), FileTime.fromMillis(a.atime() * 1000), null);
        }
        if (a.hasOwner()) {
            Files.setAttribute(p, "unix:uid", a.uid(), opts);
            Files.setAttribute(p, "unix:gid", a.gid(), opts);
        }
    }

    /** truncate(2) semantics: shrinks or extends with zeros. */
    static void setSize(FileChannel ch, long size) throws IOException {
        if (size < 0) throw new IOException("negative size");
        long current = ch.size();
        if (size < current) ch.truncate(size);
        else if (size > current) ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
    }

    /** Lines of an /etc/passwd-style file, split on ':'; empty if unreadable. */
    static List<String[]> colonFile(Path file) {
        try {
            if (Files.size(file) > 16 * 1024 * 1024) return List.of();
            return Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).map(l -> l.split(":", -1)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}

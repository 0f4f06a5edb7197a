package dev.seashell.cli;

import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * A copy between two SFTP sessions through this host, as scp does for {@code host1:a host2:b}
 * (and {@code -3}) since OpenSSH 8.7: bytes are read from one server and written to the other,
 * never stored locally, and neither server needs to reach the other.
 */
final class RemoteCopy {
    private static final int BUFFER = 256 * 1024;
    private final SftpClient from;
    private final SftpClient to;
    private final boolean recursive;
    private final boolean preserve;
    private final Transfers.Report report;
    private final ProgressMeter.Factory meters;

    RemoteCopy(SftpClient from, SftpClient to, boolean recursive, boolean preserve, Transfers.Report report, ProgressMeter.Factory meters) {
        this.from = from;
        this.to = to;
        this.recursive = recursive;
        this.preserve = preserve;
        this.report = report;
        this.meters = meters;
    }

    /** Copies the file, or with {@code recursive} the directory, {@code src} to exactly {@code dst}. */
    boolean copy(String src, String dst) {
        SftpAttributes a;
        try {
            a = from.stat(src);
        } catch (IOException e) {
            report.error(src + ": " + RemotePaths.describe(e));
            return false;
        }
        if (a.isDirectory()) {
            if (!recursive) {
                report.error("download " + src + ": not a regular file");
                return false;
            }
            return copyDir(src, a, dst);
        }
        if (a.hasPermissions() && !a.isRegularFile()) {
            report.error("download " + src + ": not a regular file");
            return false;
        }
        return copyFile(src, a, dst);
    }

    private boolean copyFile(String src, SftpAttributes a, String dst) {
        LongConsumer meter = meters.start(Transfers.meterName(src), a.hasSize() ? a.size() : 0, 0);
        try (InputStream in = from.openInputStream(src)) {
            try (OutputStream out = to.openOutputStream(dst)) {
                byte[] buf = new byte[BUFFER];
                long done = 0;
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    done += n;
                    meter.accept(done);
                }
            } catch (IOException e) {
                report.error("dest open \"" + dst + "\": " + RemotePaths.describe(e));
                return false;
            }
        } catch (IOException e) {
            report.error("remote open \"" + src + "\": " + RemotePaths.describe(e));
            return false;
        } finally {
            meters.stop(meter);
        }
        return setAttributes(dst, a);
    }

    private boolean copyDir(String src, SftpAttributes a, String dst) {
        try {
            SftpAttributes existing = statOrNull(dst);
            if (existing == null) to.mkdir(dst, SftpAttributes.EMPTY.withPermissions((a.hasPermissions() ? a.permissions() & 07777 : 0755) | 0700));
            else if (!existing.isDirectory()) {
                report.error("remote mkdir \"" + dst + "\": Failure");
                return false;
            }
        } catch (IOException e) {
            report.error("remote mkdir \"" + dst + "\": " + RemotePaths.describe(e));
            return false;
        }
        List<SftpEntry> entries;
        try {
            entries = from.list(src);
        } catch (IOException e) {
            report.error("remote readdir \"" + src + "\": " + RemotePaths.describe(e));
            return false;
        }
        boolean ok = true;
        for (SftpEntry e : entries.stream().sorted(Comparator.comparing(SftpEntry::filename)).toList()) {
            String name = e.filename();
            if (name.contains("/") || name.equals(".") || name.equals("..")) {
                report.error("download \"" + src + "\": server sent a bad name \"" + name + "\"");
                ok = false;
                continue;
            }
            ok &= copy(RemotePaths.join(src, name), RemotePaths.join(dst, name));
        }
        return setAttributes(dst, a) && ok;
    }

    /** Mode always (as a fresh scp target gets the source's), times with -p. */
    private boolean setAttributes(String dst, SftpAttributes a) {
        SftpAttributes set = SftpAttributes.EMPTY;
        if (a.hasPermissions()) set = set.withPermissions(a.permissions() & 07777);
        if (preserve && a.hasTimes()) set = set.withTimes(a.atime(), a.mtime());
        if (!a.hasPermissions() && !(preserve && a.hasTimes())) return true;
        try {
            to.setstat(dst, set);
            return true;
        } catch (IOException e) {
            report.error("remote setstat \"" + dst + "\": " + RemotePaths.describe(e));
            return false;
        }
    }

    private SftpAttributes statOrNull(String p) {
        try {
            return to.stat(p);
        } catch (IOException e) {
            return null;
        }
    }
}

package dev.seashell.cli;

import static dev.seashell.sftp.SftpConstants.SSH_FX_FAILURE;

import dev.seashell.sftp.SftpAttributes;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpEntry;
import dev.seashell.sftp.SftpException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * File and directory transfers over one SFTP session for sftp's get/put and scp. Failures are
 * reported with OpenSSH's sftp-client texts and the walk goes on; each method returns whether
 * everything arrived.
 */
final class Transfers {
    /** How to transfer: preserve times and modes, resume, write uploads under a temporary name, recurse, -B and -R. */
    record Settings(boolean preserve, boolean resume, boolean atomicUpload, boolean recursive, int chunk, int depth) {}

    /** Where the lines go: information (sftp's "Entering ...") and errors. */
    interface Report {
        void info(String line);

        void error(String line);
    }

    private static final int UMASK = 022;
    private final SftpClient sftp;
    private final Settings settings;
    private final Report report;
    private final ProgressMeter.Factory meters;

    Transfers(SftpClient sftp, Settings settings, Report report) {
        this(sftp, settings, report, ProgressMeter.Factory.NONE);
    }

    /** With a progress meter per file, named by the source's last component as OpenSSH's sftp-client names it. */
    Transfers(SftpClient sftp, Settings settings, Report report, ProgressMeter.Factory meters) {
        this.sftp = sftp;
        this.settings = settings;
        this.report = report;
        this.meters = meters;
    }

    /**
     * The request size when -B was not given: as OpenSSH's sftp-client (8.7 and later), the
     * server's limits@openssh.com read and write lengths up to 255 KiB, else 32 KiB. Fewer,
     * larger requests are what makes OpenSSH's transfers fast.
     */
    static int defaultChunk(SftpClient sftp) {
        if (!sftp.supports("limits@openssh.com", "1")) return SftpClient.CHUNK;
        try {
            var l = sftp.limits();
            long n = dev.seashell.sftp.SftpConstants.MAX_DATA - 1024L;
            if (l.maxReadLength() > 0) n = Math.min(n, l.maxReadLength());
            if (l.maxWriteLength() > 0) n = Math.min(n, l.maxWriteLength());
            return (int) Math.max(SftpClient.CHUNK, n);
        } catch (IOException e) {
            return SftpClient.CHUNK;
        }
    }

    /** The last path component, or the whole path when it ends in '/' (progress_meter_path). */
    static String meterName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
    }

    // ---- upload ----

    /** Uploads a local file, or with {@code recursive} a directory, to exactly {@code remote}. */
    boolean upload(Path local, String shown, String remote) {
        if (Files.isDirectory(local)) {
            if (!settings.recursive()) {
                report.error("local \"" + shown + "\" is not a regular file");
                return false;
            }
            return uploadDir(local, shown, remote);
        }
        if (!Files.isRegularFile(local)) {
            if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) report.error("stat local \"" + shown + "\": No such file or directory");
            else report.error("local \"" + shown + "\" is not a regular file");
            return false;
        }
        return uploadFile(local, remote);
    }

    private boolean uploadFile(Path local, String remote) {
        boolean atomic = settings.atomicUpload() && !settings.resume();
        String target = atomic ? temporaryName(remote) : remote;
        try {
            try {
                var meter = meters.start(meterName(local.toString()), Files.size(local), 0);
                try {
                    sftp.upload(local, target, settings.resume(), settings.chunk(), settings.depth(), meter);
                } finally {
                    meters.stop(meter);
                }
            } catch (SftpException e) {
                // The open is what fails for a bad target; name the final path, not the temporary one.
                report.error("dest open \"" + remote + "\": " + RemotePaths.describe(e));
                removeQuietly(target, atomic);
                return false;
            }
            if (settings.preserve()) sftp.setstat(target, localAttributes(local));
            if (atomic) renameOver(target, remote);
            return true;
        } catch (IOException e) {
            report.error("upload \"" + remote + "\": " + RemotePaths.describe(e));
            removeQuietly(target, atomic);
            return false;
        }
    }

    private boolean uploadDir(Path local, String shown, String remote) {
        report.info("Entering " + shown);
        SftpAttributes existing = statOrNull(remote);
        if (existing == null) {
            try {
                sftp.mkdir(remote, SftpAttributes.EMPTY.withPermissions(localMode(local) | 0700));
            } catch (IOException e) {
                report.error("remote mkdir \"" + remote + "\": " + RemotePaths.describe(e));
                return false;
            }
        } else if (!existing.isDirectory()) {
            report.error("remote mkdir \"" + remote + "\": " + RemotePaths.fx2txt(SSH_FX_FAILURE));
            return false;
        }
        boolean ok = true;
        List<Path> children;
        try (Stream<Path> s = Files.list(local)) {
            children = s.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            report.error("opendir \"" + shown + "\": " + RemotePaths.describe(e));
            return false;
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childShown = shown.endsWith("/") ? shown + name : shown + "/" + name;
            String childRemote = RemotePaths.join(remote, name);
            if (Files.isDirectory(child)) ok &= uploadDir(child, childShown, childRemote);
            else if (Files.isRegularFile(child)) ok &= uploadFile(child, childRemote);
            else report.info("Skipping non-regular file " + childShown);
        }
        try {
            if (settings.preserve()) sftp.setstat(remote, localAttributes(local));
        } catch (IOException e) {
            report.error("remote setstat \"" + remote + "\": " + RemotePaths.describe(e));
            ok = false;
        }
        return ok;
    }

    /** A hidden name beside the target, renamed over it once every byte is there. */
    static String temporaryName(String remote) {
        int slash = remote.lastIndexOf('/');
        String dir = slash < 0 ? "" : remote.substring(0, slash + 1);
        return dir + "." + remote.substring(slash + 1) + ".part-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    private void renameOver(String from, String to) throws IOException {
        try {
            sftp.rename(from, to);
        } catch (SftpException e) {
            // Without posix-rename@openssh.com a plain RENAME refuses to replace: remove, then rename.
            if (sftp.supports("posix-rename@openssh.com", "1") || statOrNull(to) == null) throw e;
            sftp.remove(to);
            sftp.rename(from, to);
        }
    }

    private void removeQuietly(String path, boolean temporary) {
        if (!temporary) return;
        try {
            sftp.remove(path);
        } catch (IOException e) {
            // Best effort: the temporary file may never have been created.
        }
    }

    private static int localMode(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0755;
        }
    }

    private static SftpAttributes localAttributes(Path p) throws IOException {
        var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
        return SftpAttributes.EMPTY.withPermissions(localMode(p))
                .withTimes(a.lastAccessTime().to(TimeUnit.SECONDS), a.lastModifiedTime().to(TimeUnit.SECONDS));
    }

    // ---- download ----

    /** Downloads a remote file, or with {@code recursive} a directory, to exactly {@code local}. */
    boolean download(String remote, Path local, String shown) {
        SftpAttributes a;
        try {
            a = sftp.stat(remote);
        } catch (IOException e) {
            report.error("stat remote \"" + remote + "\": " + RemotePaths.describe(e));
            return false;
        }
        if (a.isDirectory()) {
            if (!settings.recursive()) {
                report.error("download " + remote + "/: not a regular file");
                return false;
            }
            return downloadDir(remote, local, shown);
        }
        if (a.hasPermissions() && !a.isRegularFile()) {
            report.error("download " + remote + ": not a regular file");
            return false;
        }
        return downloadFile(remote, a, local, shown);
    }

    private boolean downloadFile(String remote, SftpAttributes a, Path local, String shown) {
        try {
            if (settings.resume() && Files.exists(local) && a.hasSize() && Files.size(local) >= a.size()) {
                report.error("File \"" + shown + "\" was not modified");
                return true;
            }
            var meter = meters.start(meterName(remote), a.hasSize() ? a.size() : 0, 0);
            try {
                sftp.download(remote, local, settings.resume(), settings.chunk(), settings.depth(), meter);
            } finally {
                meters.stop(meter);
            }
        } catch (SftpException e) {
            report.error("remote open \"" + remote + "\": " + RemotePaths.describe(e));
            return false;
        } catch (IOException e) {
            report.error("local open \"" + shown + "\": " + RemotePaths.describe(e));
            return false;
        }
        return applyLocal(local, shown, a);
    }

    private boolean downloadDir(String remote, Path local, String shown) {
        report.info("Retrieving " + remote);
        if (!Files.isDirectory(local)) {
            try {
                Files.createDirectory(local);
            } catch (IOException e) {
                report.error("mkdir " + shown + ": " + RemotePaths.describe(e));
                return false;
            }
        }
        List<SftpEntry> entries;
        try {
            entries = sftp.list(remote);
        } catch (IOException e) {
            report.error("remote readdir \"" + remote + "\": " + RemotePaths.describe(e));
            return false;
        }
        boolean ok = true;
        for (SftpEntry e : entries.stream().sorted(Comparator.comparing(SftpEntry::filename)).toList()) {
            String name = e.filename();
            if (name.contains("/") || name.equals(".") || name.equals("..")) {
                report.error("download \"" + remote + "\": server sent a bad name \"" + name + "\""); // never escape the target
                ok = false;
                continue;
            }
            String childRemote = RemotePaths.join(remote, name);
            Path childLocal = local.resolve(name);
            String childShown = shown.endsWith("/") ? shown + name : shown + "/" + name;
            SftpAttributes ca = e.attrs();
            if (ca.isSymbolicLink()) {
                ca = statOrNull(childRemote);
                if (ca == null) continue;
            }
            if (ca.isDirectory()) ok &= downloadDir(childRemote, childLocal, childShown);
            else if (ca.isRegularFile()) ok &= downloadFile(childRemote, ca, childLocal, childShown);
        }
        SftpAttributes dirAttrs = statOrNull(remote);
        if (dirAttrs != null) ok &= applyLocal(local, shown, dirAttrs);
        return ok;
    }

    /** Sets the local mode from the remote one (less the umask unless preserving) and, with -p, the times. */
    private boolean applyLocal(Path local, String shown, SftpAttributes a) {
        try {
            if (a.hasPermissions()) {
                int mode = a.permissions() & 0777;
                if (!settings.preserve()) mode &= ~UMASK;
                if (Files.isDirectory(local)) mode |= 0700;
                Files.setPosixFilePermissions(local, permissions(mode));
            }
            if (settings.preserve() && a.hasTimes()) {
                Files.getFileAttributeView(local, BasicFileAttributeView.class)
                        .setTimes(FileTime.from(a.mtime(), TimeUnit.SECONDS), FileTime.from(a.atime(), TimeUnit.SECONDS), null);
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            report.error("local setstat \"" + shown + "\": " + (e instanceof IOException io ? RemotePaths.describe(io) : e.getMessage()));
            return false;
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) s.add(order[i]);
        return s;
    }

    private SftpAttributes statOrNull(String remote) {
        try {
            return sftp.stat(remote);
        } catch (IOException e) {
            return null;
        }
    }
}

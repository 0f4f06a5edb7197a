package dev.seashell.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The legacy scp (rcp) protocol of {@code scp -O}, both ends of it: {@link #send} is the source
 * for uploads (the remote runs {@code scp -t}), {@link #receive} the sink for downloads (the remote
 * runs {@code scp -f}). Records are {@code C<mode> <size> <name>}, {@code D<mode> 0 <name>} ...
 * {@code E}, and {@code T<mtime> 0 <atime> 0} before them with -p; each is acknowledged with
 * {@code \0}, or {@code \1msg} (error, go on) / {@code \2msg} (fatal).
 *
 * <p>The sink trusts nothing from the server: names must be single path components (not "..")
 * and at the top level must match the requested name (CVE-2019-6111), sizes are bounded by what
 * arrives, and files land under a temporary name that is renamed over the target when complete.
 */
final class LegacyScp {
    private static final int MAX_LINE = 4096;
    private static final Pattern FILE = Pattern.compile("([0-7]{4}) (\\d{1,18}) (.+)", Pattern.DOTALL);
    private static final Pattern TIMES = Pattern.compile("(\\d{1,18}) (\\d{1,6}) (\\d{1,18}) (\\d{1,6})");

    /** A failure that ends the transfer; its message (if any) was already reported. */
    static final class Fatal extends IOException {
        Fatal(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final OutputStream out;
    private final Consumer<String> errors;
    private boolean failed;
    private ProgressMeter.Factory meters = ProgressMeter.Factory.NONE;

    /**
     * @param in what the remote scp writes
     * @param out the remote scp's input
     * @param errors receives each error line, as scp prints it ("scp: ...")
     */
    LegacyScp(InputStream in, OutputStream out, Consumer<String> errors) {
        this.in = in;
        this.out = out;
        this.errors = errors;
    }

    /** Shows a progress meter per file (scp on a terminal without -q). */
    LegacyScp withProgress(ProgressMeter.Factory factory) {
        meters = factory;
        return this;
    }

    /** The remote command: {@code scp -t} (sink) or {@code scp -f} (source) with the path single-quoted. */
    static String command(boolean upload, boolean recursive, boolean preserve, boolean targetIsDirectory, String path) {
        StringBuilder b = new StringBuilder("scp");
        if (recursive) b.append(" -r");
        if (preserve) b.append(" -p");
        if (upload && targetIsDirectory) b.append(" -d");
        b.append(upload ? " -t" : " -f").append(" -- ").append(quote(path));
        return b.toString();
    }

    /** Quotes for a POSIX shell: 'it'\''s'. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    // ---- source: uploads ----

    /** Sends {@code sources} to a remote {@code scp -t}; false when anything failed. */
    boolean send(List<Path> sources, boolean recursive, boolean preserve) throws IOException {
        if (!response()) return false;
        for (Path p : sources) sendPath(p, p.toString(), recursive, preserve);
        return !failed;
    }

    private void sendPath(Path p, String shown, boolean recursive, boolean preserve) throws IOException {
        String name = p.getFileName() == null ? shown : p.getFileName().toString();
        if (name.indexOf('\n') >= 0) {
            error("scp: " + shown + ": skipping, filename contains a newline");
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            error("scp: " + shown + ": No such file or directory");
            return;
        } catch (IOException e) {
            error("scp: " + shown + ": " + e.getMessage());
            return;
        }
        if (attrs.isDirectory()) {
            if (!recursive) {
                error("scp: " + shown + ": not a regular file");
                return;
            }
            if (preserve && !sendTimes(attrs)) return;
            if (!record("D%04o 0 %s\n".formatted(mode(p), name))) return;
            List<Path> children;
            try (var s = Files.list(p)) {
                children = s.sorted().toList();
            }
            for (Path c : children) sendPath(c, shown + "/" + c.getFileName(), true, preserve);
            record("E\n");
            return;
        }
        if (!attrs.isRegularFile()) {
            error("scp: " + shown + ": not a regular file");
            return;
        }
        if (preserve && !sendTimes(attrs)) return;
        long size = attrs.size();
        if (!record("C%04o %d %s\n".formatted(mode(p), size, name))) return;
        String readError = null;
        byte[] buf = new byte[32 * 1024];
        long sent = 0;
        var meter = meters.start(name, size, 0);
        try (InputStream file = Files.newInputStream(p)) {
            while (sent < size) {
                int n = file.read(buf, 0, (int) Math.min(buf.length, size - sent));
                if (n < 0) break;
                out.write(buf, 0, n);
                sent += n;
                meter.accept(sent);
            }
        } catch (IOException e) {
            readError = e.getMessage();
        } finally {
            meters.stop(meter);
        }
        if (sent < size) { // the file shrank or failed: the protocol needs the promised bytes
            java.util.Arrays.fill(buf, (byte) 0);
            while (sent < size) {
                int n = (int) Math.min(buf.length, size - sent);
                out.write(buf, 0, n);
                sent += n;
            }
            if (readError == null) readError = "file changed size";
        }
        if (readError == null) {
            out.write(0);
        } else {
            error("scp: " + shown + ": " + readError);
            out.write(("\1scp: " + shown + ": " + readError + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        response();
    }

    private boolean sendTimes(BasicFileAttributes attrs) throws IOException {
        return record("T%d 0 %d 0\n".formatted(attrs.lastModifiedTime().toMillis() / 1000, attrs.lastAccessTime().toMillis() / 1000));
    }

    private boolean record(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return response();
    }

    /** Reads an acknowledgement: true on \0, false after reporting \1, throws after reporting \2 or EOF. */
    private boolean response() throws IOException {
        int b = in.read();
        if (b < 0) throw fatal("lost connection");
        if (b == 0) return true;
        String msg = readLine();
        if (b == 1 || b == 2) {
            errors.accept(msg);
            failed = true;
            if (b == 2) throw new Fatal(msg);
            return false;
        }
        throw fatal("protocol error: unexpected <" + (char) b + msg + ">");
    }

    // ---- sink: downloads ----

    /**
     * Receives from a remote {@code scp -f} into {@code target}; false when anything failed.
     *
     * @param requested the remote path asked for: top-level names must match its last component
     */
    boolean receive(Path target, String requested, boolean recursive, boolean preserve) throws IOException {
        ack();
        sink(target, Files.isDirectory(target), matcher(requested), recursive, preserve, 0);
        return !failed;
    }

    private static PathMatcher matcher(String requested) {
        String r = requested;
        while (r.length() > 1 && r.endsWith("/")) r = r.substring(0, r.length() - 1);
        String last = r.substring(r.lastIndexOf('/') + 1);
        if (last.isEmpty() || last.equals(".")) return null; // the server names the directory itself
        String exact = last;
        return p -> p.toString().equals(exact);
    }

    private void sink(Path target, boolean targetIsDir, PathMatcher expected, boolean recursive, boolean preserve, int depth)
            throws IOException {
        long[] times = null;
        while (true) {
            int type = in.read();
            if (type < 0) {
                if (depth > 0) throw fatal("lost connection");
                return;
            }
            String line = readLine();
            switch (type) {
                case 1, 2 -> {
                    errors.accept(line);
                    failed = true;
                    if (type == 2) throw new Fatal(line);
                }
                case 'E' -> {
                    if (depth == 0) throw fatal("protocol error: unexpected <E>");
                    ack();
                    return;
                }
                case 'T' -> {
                    Matcher m = TIMES.matcher(line);
                    if (!m.matches()) throw fatal("protocol error: bad time record");
                    times = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(3))};
                    ack();
                }
                case 'C', 'D' -> {
                    Matcher m = FILE.matcher(line);
                    if (!m.matches()) throw fatal("protocol error: bad mode or size");
                    int mode = Integer.parseInt(m.group(1), 8);
                    long size = Long.parseLong(m.group(2));
                    String name = m.group(3);
                    if (name.isEmpty() || name.indexOf('/') >= 0 || name.equals("..") || name.indexOf('\0') >= 0) {
                        throw fatal("error: unexpected filename: " + name);
                    }
                    if (depth == 0 && expected != null && !expected.matches(Path.of(name))) {
                        throw fatal("protocol error: filename does not match request");
                    }
                    Path dest = targetIsDir ? target.resolve(name) : target;
                    if (type == 'D') {
                        if (!recursive) throw fatal("protocol error: received directory without -r");
                        receiveDirectory(dest, mode, preserve ? times : null, preserve, depth);
                    } else {
                        receiveFile(dest, name, mode, size, preserve ? times : null);
                    }
                    times = null;
                }
                default -> throw fatal("protocol error: expected control record");
            }
        }
    }

    private void receiveDirectory(Path dest, int mode, long[] times, boolean preserve, int depth) throws IOException {
        boolean created = false;
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                reject(dest + ": Not a directory");
                throw fatal("protocol error: cannot continue");
            }
        } else {
            try {
                Files.createDirectory(dest);
                created = true;
            } catch (IOException e) {
                reject(dest + ": " + reason(e));
                throw new Fatal(e.getMessage());
            }
        }
        ack();
        sink(dest, true, null, true, preserve, depth + 1);
        if (preserve || created) setMode(dest, preserve ? mode : mode & 0755);
        if (times != null) setTimes(dest, times);
    }

    /** {@code name}: the source's name from the C record, which the meter shows as OpenSSH's scp does. */
    private void receiveFile(Path dest, String name, int mode, long size, long[] times) throws IOException {
        Path dir = dest.toAbsolutePath().getParent();
        Path tmp;
        try {
            if (Files.isDirectory(dest)) throw new IOException("Is a directory");
            tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".part-", "");
        } catch (IOException e) {
            reject(dest + ": " + reason(e));
            return;
        }
        boolean done = false;
        try {
            ack();
            String writeError = null;
            byte[] buf = new byte[32 * 1024];
            long left = size;
            var meter = meters.start(name, size, 0);
            try (OutputStream file = Files.newOutputStream(tmp)) {
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) throw fatal("lost connection");
                    left -= n;
                    meter.accept(size - left);
                    if (writeError == null) {
                        try {
                            file.write(buf, 0, n);
                        } catch (IOException e) {
                            writeError = reason(e); // keep reading: the stream must stay in step
                        }
                    }
                }
            } catch (Fatal f) {
                throw f;
            } catch (IOException e) {
                if (writeError == null) writeError = reason(e);
            } finally {
                meters.stop(meter);
            }
            if (!response()) return; // the source reported a read error after the data
            if (writeError != null) {
                reject(dest + ": " + writeError);
                return;
            }
            boolean existed = Files.exists(dest);
            int perms = times != null || !existed ? (times != null ? mode : mode & 0755) : modeOf(dest);
            setMode(tmp, perms);
            if (times != null) setTimes(tmp, times);
            try {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dest, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            ack();
        } finally {
            if (!done) Files.deleteIfExists(tmp);
        }
    }

    // ---- shared ----

    private void ack() throws IOException {
        out.write(0);
        out.flush();
    }

    /** Refuses a record: reports locally and tells the remote with \1, as OpenSSH's run_err. */
    private void reject(String msg) throws IOException {
        error("scp: " + msg);
        out.write(("\1scp: " + msg + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void error(String line) {
        errors.accept(line);
        failed = true;
    }

    private Fatal fatal(String msg) {
        error("scp: " + msg);
        try {
            out.write(("\2scp: " + msg + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // The peer is gone or going; the local message is what matters.
        }
        return new Fatal(msg);
    }

    /** The rest of a record up to its newline, bounded. */
    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = in.read();
            if (c < 0) throw fatal("lost connection");
            if (c == '\n') break;
            if (b.size() >= MAX_LINE) throw fatal("protocol error: record too long");
            b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "Permission denied";
        return e.getMessage();
    }

    private static int mode(Path p) throws IOException {
        return modeOf(p) & 07777;
    }

    private static int modeOf(Path p) throws IOException {
        Object m = Files.getAttribute(p, "unix:mode");
        return ((Integer) m) & 07777;
    }

    private static void setMode(Path p, int mode) throws IOException {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) if ((mode & (1 << i)) != 0) perms.add(order[i]);
        Files.setPosixFilePermissions(p, perms);
    }

    private static void setTimes(Path p, long[] times) throws IOException {
        Files.getFileAttributeView(p, java.nio.file.attribute.BasicFileAttributeView.class)
                .setTimes(FileTime.fromMillis(times[0] * 1000), FileTime.fromMillis(times[1] * 1000), null);
    }
}

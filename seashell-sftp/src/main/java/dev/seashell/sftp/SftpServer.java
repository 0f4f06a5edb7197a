package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.HandleTable.OpenDir;
import dev.seashell.sftp.HandleTable.OpenFile;
import dev.seashell.sftp.SftpRequest.*;
import dev.seashell.sftp.SftpResponse.Attrs;
import dev.seashell.sftp.SftpResponse.Data;
import dev.seashell.sftp.SftpResponse.ExtendedReply;
import dev.seashell.sftp.SftpResponse.Name;
import dev.seashell.sftp.SftpResponse.Status;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An SFTP version 3 server (with OpenSSH's extensions) over a plain stream pair, one instance per
 * session. Requests are served one at a time with positional file I/O; replies are flushed whenever
 * no further request is already buffered, so a pipelining client gets them in batches.
 *
 * <pre>{@code
 * new SftpServer(SftpServer.Options.defaults().confinedTo(root)).serve(channelIn, channelOut);
 * }</pre>
 */
public final class SftpServer {
    /** Read-directory batch size, as sftp-server's. */
    private static final int READDIR_BATCH = 100;

    /**
     * Session settings.
     *
     * @param root confinement root, or null for the whole file system
     * @param startDirectory where relative paths start: a local path when unconfined (null: the user's home),
     *     a path inside the root as the client sees it when confined (null: "/")
     * @param readOnly refuse every request that would change the file system (sftp-server -R)
     * @param log receives one line per failed request and session event, or null
     */
    public record Options(Path root, String startDirectory, boolean readOnly, Consumer<String> log) {
        public static Options defaults() {
            return new Options(null, null, false, null);
        }

        public Options confinedTo(Path newRoot) {
            return new Options(newRoot, startDirectory, readOnly, log);
        }

        public Options startingIn(String dir) {
            return new Options(root, dir, readOnly, log);
        }

        public Options readOnly(boolean ro) {
            return new Options(root, startDirectory, ro, log);
        }

        public Options logTo(Consumer<String> sink) {
            return new Options(root, startDirectory, readOnly, sink);
        }
    }

    private static final Map<String, String> EXTENSIONS = extensions();

    private final Options options;
    private final HandleTable handles = new HandleTable(MAX_HANDLES);
    /** A DATA reply's header: length, type, id, data length. */
    private static final int DATA_HEADER = 4 + 1 + 4 + 4;

    /**
     * READ replies are built here: the file is read straight in after the header and the whole
     * packet goes to the channel in one write, so the data is copied once, into the channel's packets.
     */
    private final byte[] readBuffer = new byte[DATA_HEADER + MAX_DATA];
    private SftpPaths paths;

    public SftpServer() {
        this(Options.defaults());
    }

    public SftpServer(Options options) {
        this.options = Objects.requireNonNull(options);
    }

    private static Map<String, String> extensions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(EXT_POSIX_RENAME, "1");
        m.put(EXT_STATVFS, "2");
        m.put(EXT_FSTATVFS, "2");
        m.put(EXT_HARDLINK, "1");
        m.put(EXT_FSYNC, "1");
        m.put(EXT_LSETSTAT, "1");
        m.put(EXT_LIMITS, "1");
        m.put(EXT_EXPAND_PATH, "1");
        m.put(EXT_COPY_DATA, "1");
        m.put(EXT_HOME_DIRECTORY, "1");
        m.put(EXT_USERS_GROUPS_BY_ID, "1");
        return m;
    }

    /**
     * Serves one session until the client closes its side; then closes every handle it left open.
     *
     * @throws SshFormatException on a packet that breaks framing (e.g. a length above {@link SftpConstants#MAX_PACKET})
     */
    public void serve(InputStream rawIn, OutputStream rawOut) throws IOException {
        paths = options.root() != null
                ? SftpPaths.confined(options.root(), options.startDirectory())
                : SftpPaths.unconfined(options.startDirectory() != null ? Path.of(options.startDirectory()) : Path.of(System.getProperty("user.home")));
        InputStream in = new BufferedInputStream(rawIn, MAX_PACKET + 4);
        OutputStream out = new BufferedOutputStream(rawOut, 64 * 1024);
        try {
            byte[] init = SftpPackets.read(in);
            if (init == null) return;
            if ((init[0] & 0xff) != SSH_FXP_INIT) throw new SshFormatException("expected SSH_FXP_INIT, got type " + (init[0] & 0xff));
            SshWriter v = SftpPackets.start(SSH_FXP_VERSION, 512).writeInt(VERSION);
            EXTENSIONS.forEach((k, val) -> v.writeString(k).writeString(val));
            SftpPackets.write(out, v);
            out.flush();
            log("session opened, client version " + new SshReader(init, 1, init.length - 1).readUint32());
            for (byte[] packet; (packet = SftpPackets.read(in)) != null; ) {
                SftpResponse resp = dispatch(packet);
                if (resp instanceof Data d && d.data() == readBuffer && d.offset() == DATA_HEADER) {
                    writeDataFrame(d, out, rawOut);
                } else {
                    SshWriter w = SftpPackets.start(resp.type(), resp instanceof Data d ? d.length() + 8 : 64);
                    resp.encodeBody(w);
                    SftpPackets.write(out, w);
                }
                if (in.available() == 0) out.flush();
            }
        } finally {
            handles.closeAll();
            try {
                out.flush();
            } catch (IOException ignored) {
                // The client is gone; nothing left to tell it.
            }
            log("session closed");
        }
    }

    /** Fills in the header before {@code d}'s data in {@link #readBuffer} and writes the packet past the buffer. */
    private static void writeDataFrame(Data d, OutputStream out, OutputStream rawOut) throws IOException {
        byte[] b = d.data();
        int total = DATA_HEADER + d.length();
        putInt(b, 0, total - 4);
        b[4] = (byte) SSH_FXP_DATA;
        putInt(b, 5, d.id());
        putInt(b, 9, d.length());
        out.flush(); // earlier replies first
        rawOut.write(b, 0, total);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private SftpResponse dispatch(byte[] packet) throws SshFormatException {
        int type = packet[0] & 0xff;
        SshReader r = new SshReader(packet, 1, packet.length - 1);
        SftpRequest req;
        try {
            req = SftpRequest.decode(type, r);
        } catch (SshFormatException e) {
            if (packet.length < 5) throw e;
            int id = new SshReader(packet, 1, 4).readInt();
            log("bad message type " + type + ": " + e.getMessage());
            return new Status(id, SSH_FX_BAD_MESSAGE, "malformed request: " + e.getMessage());
        }
        try {
            return handle(req);
        } catch (IOException | RuntimeException e) {
            Status s = status(req.id(), e);
            s = new Status(s.id(), s.code(), paths.hide(s.message()));
            log(req.getClass().getSimpleName() + " failed: " + s.message());
            return s;
        }
    }

    private SftpResponse handle(SftpRequest req) throws IOException {
        int id = req.id();
        return switch (req) {
            case Open o -> open(o);
            case Close c -> {
                handles.remove(c.handle()).close();
                yield ok(id);
            }
            case Read rd -> read(rd);
            case Write wr -> write(wr);
            case Lstat s -> new Attrs(id, LocalFiles.attributes(paths.resolve(s.path(), false), false));
            case Stat s -> new Attrs(id, LocalFiles.attributes(paths.resolve(s.path(), true), true));
            case Fstat s -> new Attrs(id, LocalFiles.attributes(handles.file(s.handle()).path(), true));
            case SetStat s -> {
                writable();
                LocalFiles.apply(paths.resolve(s.path(), true), s.attrs(), true, null);
                yield ok(id);
            }
            case FSetStat s -> {
                writable();
                OpenFile f = handles.file(s.handle());
                LocalFiles.apply(f.path(), s.attrs(), true, f.channel());
                yield ok(id);
            }
            case LSetStat s -> {
                writable();
                LocalFiles.apply(paths.resolve(s.path(), false), s.attrs(), false, null);
                yield ok(id);
            }
            case SftpRequest.OpenDir o -> {
                Path dir = paths.resolve(o.path(), true);
                if (!Files.isDirectory(dir)) throw Files.exists(dir) ? new NotDirectoryException(o.path()) : new NoSuchFileException(o.path());
                yield new SftpResponse.Handle(id, handles.add(new OpenDir(dir, Files.newDirectoryStream(dir))));
            }
            case ReadDir rd -> readdir(id, handles.dir(rd.handle()));
            case Remove rm -> {
                writable();
                Path p = paths.resolve(rm.path(), false);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw new SftpException(SSH_FX_FAILURE, rm.path() + ": is a directory");
                Files.delete(p);
                yield ok(id);
            }
            case MkDir m -> {
                writable();
                Path p = paths.resolve(m.path(), false);
                if (m.attrs().hasPermissions()) Files.createDirectory(p, perms(m.attrs().permissions()));
                else Files.createDirectory(p);
                yield ok(id);
            }
            case RmDir rm -> {
                writable();
                Path p = paths.resolve(rm.path(), false);
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) throw Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? new NotDirectoryException(rm.path()) : new NoSuchFileException(rm.path());
                Files.delete(p);
                yield ok(id);
            }
            case RealPath rp -> name(id, paths.realpath(rp.path()));
            case Rename rn -> {
                writable();
                // Draft semantics (and sftp-server's): never replace an existing target.
                Files.move(paths.resolve(rn.oldPath(), false), paths.resolve(rn.newPath(), false));
                yield ok(id);
            }
            case PosixRename rn -> {
                writable();
                Files.move(paths.resolve(rn.oldPath(), false), paths.resolve(rn.newPath(), false), StandardCopyOption.ATOMIC_MOVE);
                yield ok(id);
            }
            case ReadLink rl -> name(id, Files.readSymbolicLink(paths.resolve(rl.path(), false)).toString());
            case Symlink sl -> {
                writable();
                Files.createSymbolicLink(paths.resolve(sl.linkPath(), false), Path.of(sl.targetPath()));
                yield ok(id);
            }
            case HardLink hl -> {
                writable();
                Files.createLink(paths.resolve(hl.newPath(), false), paths.resolve(hl.oldPath(), false));
                yield ok(id);
            }
            case Fsync fs -> {
                handles.file(fs.handle()).channel().force(true);
                yield ok(id);
            }
            case StatVfs sv -> statvfs(id, Files.getFileStore(paths.resolve(sv.path(), true)));
            case FStatVfs sv -> statvfs(id, Files.getFileStore(handles.file(sv.handle()).path()));
            case Limits l -> new ExtendedReply(id, new SshWriter(32)
                    .writeUint64(MAX_PACKET).writeUint64(MAX_DATA).writeUint64(MAX_DATA).writeUint64(MAX_HANDLES).toByteArray());
            case ExpandPath ep -> name(id, paths.realpath(expandTilde(ep.path())));
            case HomeDirectory hd -> name(id, homeOf(hd.username()));
            case CopyData cd -> copyData(cd);
            case UsersGroupsById ug -> usersGroups(ug);
            case UnknownExtended u -> new Status(id, SSH_FX_OP_UNSUPPORTED, "unsupported extension " + u.name());
            case Unknown u -> new Status(id, SSH_FX_OP_UNSUPPORTED, "unsupported request type " + u.type());
        };
    }

    private SftpResponse open(Open o) throws IOException {
        int f = o.pflags();
        boolean write = (f & (SSH_FXF_WRITE | SSH_FXF_APPEND | SSH_FXF_CREAT | SSH_FXF_TRUNC)) != 0;
        if (write) writable();
        Set<OpenOption> opts = new HashSet<>();
        if ((f & SSH_FXF_READ) != 0 || (f & (SSH_FXF_WRITE | SSH_FXF_APPEND)) == 0) opts.add(StandardOpenOption.READ);
        if ((f & (SSH_FXF_WRITE | SSH_FXF_APPEND)) != 0) opts.add(StandardOpenOption.WRITE);
        if ((f & SSH_FXF_CREAT) != 0) opts.add((f & SSH_FXF_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        if ((f & SSH_FXF_TRUNC) != 0) opts.add(StandardOpenOption.TRUNCATE_EXISTING);
        Path p = paths.resolve(o.path(), true);
        // Confined, p is already the resolved target: refusing links here keeps a swapped-in last link out.
        if (paths.isConfined()) opts.add(LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] attrs = o.attrs().hasPermissions() ? perms(o.attrs().permissions()) : new FileAttribute<?>[0];
        FileChannel ch = FileChannel.open(p, opts, attrs);
        return new SftpResponse.Handle(o.id(), handles.add(new OpenFile(p, ch, (f & SSH_FXF_APPEND) != 0)));
    }

    private SftpResponse read(Read rd) throws IOException {
        FileChannel ch = handles.file(rd.handle()).channel();
        if (rd.offset() < 0) throw new SftpException(SSH_FX_FAILURE, "offset out of range");
        int want = rd.length() < 0 || rd.length() > MAX_DATA ? MAX_DATA : rd.length();
        ByteBuffer buf = ByteBuffer.wrap(readBuffer, DATA_HEADER, want);
        long pos = rd.offset();
        try {
            while (buf.hasRemaining()) {
                int n = ch.read(buf, pos);
                if (n < 0) break;
                pos += n;
            }
        } catch (NonReadableChannelException e) {
            throw new SftpException(SSH_FX_PERMISSION_DENIED, "handle not open for reading");
        }
        int got = buf.position() - DATA_HEADER;
        if (got == 0 && want > 0) return new Status(rd.id(), SSH_FX_EOF, "End of file");
        return new Data(rd.id(), readBuffer, DATA_HEADER, got);
    }

    private SftpResponse write(Write wr) throws IOException {
        OpenFile f = handles.file(wr.handle());
        if (wr.offset() < 0) throw new SftpException(SSH_FX_FAILURE, "offset out of range");
        ByteBuffer buf = ByteBuffer.wrap(wr.data(), wr.off(), wr.len());
        try {
            long pos = f.append() ? f.channel().size() : wr.offset();
            while (buf.hasRemaining()) pos += f.channel().write(buf, pos);
        } catch (NonWritableChannelException e) {
            throw new SftpException(SSH_FX_PERMISSION_DENIED, "handle not open for writing");
        }
        return ok(wr.id());
    }

    private SftpResponse readdir(int id, OpenDir d) throws IOException {
        List<SftpEntry> batch = new ArrayList<>();
        if (!d.dotsSent) {
            d.dotsSent = true;
            batch.add(LocalFiles.entry(d.path(), "."));
            Path parent = d.path().getParent();
            // Confined, the root's parent is not the client's business: show the root itself.
            boolean atRoot = parent == null || (paths.isConfined() && paths.resolve("/", true).equals(d.path()));
            batch.add(LocalFiles.entry(atRoot ? d.path() : parent, ".."));
        }
        while (batch.size() < READDIR_BATCH && d.iterator.hasNext()) {
            Path child = d.iterator.next();
            try {
                batch.add(LocalFiles.entry(child, child.getFileName().toString()));
            } catch (NoSuchFileException e) {
                // Removed since the listing started: skip it, as readdir(3) would.
            }
        }
        if (batch.isEmpty()) return new Status(id, SSH_FX_EOF, "End of file");
        return new Name(id, batch);
    }

    private SftpResponse copyData(CopyData cd) throws IOException {
        writable();
        if (java.util.Arrays.equals(cd.readHandle(), cd.writeHandle())) {
            throw new SftpException(SSH_FX_FAILURE, "copy-data: read and write handles are the same");
        }
        FileChannel src = handles.file(cd.readHandle()).channel();
        OpenFile dst = handles.file(cd.writeHandle());
        if (cd.readOffset() < 0 || cd.writeOffset() < 0 || cd.length() < 0) throw new SftpException(SSH_FX_FAILURE, "offset out of range");
        long remaining = cd.length() == 0 ? Long.MAX_VALUE : cd.length();
        long in = cd.readOffset();
        long outPos = cd.writeOffset();
        ByteBuffer buf = ByteBuffer.wrap(readBuffer);
        try {
            while (remaining > 0) {
                buf.clear().limit((int) Math.min(buf.capacity(), remaining));
                int n = src.read(buf, in);
                if (n <= 0) break;
                buf.flip();
                while (buf.hasRemaining()) outPos += dst.channel().write(buf, outPos);
                in += n;
                remaining -= n;
            }
        } catch (NonReadableChannelException | NonWritableChannelException e) {
            throw new SftpException(SSH_FX_PERMISSION_DENIED, "copy-data: handle not open for " + (e instanceof NonReadableChannelException ? "reading" : "writing"));
        }
        return ok(cd.id());
    }

    private static SftpResponse statvfs(int id, FileStore store) throws IOException {
        long bsize = Math.max(1, store.getBlockSize());
        // The JDK exposes no inode counts or fsid: those fields are 0.
        return new ExtendedReply(id, new SshWriter(88)
                .writeUint64(bsize).writeUint64(bsize)
                .writeUint64(store.getTotalSpace() / bsize).writeUint64(store.getUnallocatedSpace() / bsize).writeUint64(store.getUsableSpace() / bsize)
                .writeUint64(0).writeUint64(0).writeUint64(0).writeUint64(0)
                .writeUint64(store.isReadOnly() ? 1 : 0).writeUint64(255).toByteArray());
    }

    private SftpResponse usersGroups(UsersGroupsById ug) {
        Map<Integer, String> users = idNames(Path.of("/etc/passwd"));
        Map<Integer, String> groups = idNames(Path.of("/etc/group"));
        SshWriter u = new SshWriter();
        for (int uid : ug.uids()) u.writeString(users.getOrDefault(uid, ""));
        SshWriter g = new SshWriter();
        for (int gid : ug.gids()) g.writeString(groups.getOrDefault(gid, ""));
        return new ExtendedReply(ug.id(), new SshWriter(u.size() + g.size() + 8).writeBytes(u.toByteArray()).writeBytes(g.toByteArray()).toByteArray());
    }

    private static Map<Integer, String> idNames(Path file) {
        Map<Integer, String> m = new java.util.HashMap<>();
        for (String[] f : LocalFiles.colonFile(file)) {
            if (f.length < 3) continue;
            try {
                m.putIfAbsent(Integer.parseInt(f[2]), f[0]);
            } catch (NumberFormatException ignored) {
                // Not a passwd/group line.
            }
        }
        return m;
    }

    private String homeOf(String user) throws IOException {
        if (paths.isConfined()) {
            if (user.isEmpty()) return paths.home();
            throw new SftpException(SSH_FX_NO_SUCH_FILE, "no home directory for " + user + " inside the confined root");
        }
        if (user.isEmpty()) return System.getProperty("user.home");
        for (String[] f : LocalFiles.colonFile(Path.of("/etc/passwd"))) {
            if (f.length >= 6 && f[0].equals(user)) return f[5];
        }
        throw new SftpException(SSH_FX_NO_SUCH_FILE, "no such user: " + user);
    }

    /** "~", "~/x" and "~user/x" as sftp-server's expand-path does. */
    private String expandTilde(String path) throws IOException {
        if (!path.startsWith("~")) return path;
        int slash = path.indexOf('/');
        String user = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        String home = homeOf(user);
        return rest.isEmpty() ? home : home + "/" + rest;
    }

    private void writable() throws SftpException {
        if (options.readOnly()) throw new SftpException(SSH_FX_PERMISSION_DENIED, "read-only server");
    }

    private static FileAttribute<?>[] perms(int mode) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(LocalFiles.permissions(mode & 0777))};
    }

    private static Status ok(int id) {
        return new Status(id, SSH_FX_OK, "Success");
    }

    private static Name name(int id, String path) {
        return new Name(id, List.of(new SftpEntry(path, path, SftpAttributes.EMPTY)));
    }

    /** Maps a failure to the SSH_FX code sftp-server would send (errno_to_portable) with a readable message. */
    static Status status(int id, Exception e) {
        return switch (e) {
            case SftpException s -> new Status(id, s.status(), s.getMessage());
            case NoSuchFileException n -> new Status(id, SSH_FX_NO_SUCH_FILE, "No such file: " + n.getFile());
            case NotDirectoryException n -> new Status(id, SSH_FX_NO_SUCH_FILE, "Not a directory: " + n.getFile());
            case AccessDeniedException a -> new Status(id, SSH_FX_PERMISSION_DENIED,
                    "Permission denied: " + a.getFile() + (a.getReason() != null ? " (" + a.getReason() + ")" : ""));
            case FileAlreadyExistsException f -> new Status(id, SSH_FX_FAILURE, "File exists: " + f.getFile());
            case DirectoryNotEmptyException d -> new Status(id, SSH_FX_FAILURE, "Directory not empty: " + d.getFile());
            case NotLinkException n -> new Status(id, SSH_FX_FAILURE, "Not a symbolic link: " + n.getFile());
            case FileSystemLoopException l -> new Status(id, SSH_FX_FAILURE, "Too many levels of symbolic links: " + l.getFile());
            case FileSystemException f when f.getReason() != null && f.getReason().contains("Operation not permitted") ->
                    new Status(id, SSH_FX_PERMISSION_DENIED, f.getMessage());
            case InvalidPathException i -> new Status(id, SSH_FX_FAILURE, "Invalid path: " + i.getReason());
            case UnsupportedOperationException u -> new Status(id, SSH_FX_OP_UNSUPPORTED, "Operation unsupported: " + u.getMessage());
            default -> new Status(id, SSH_FX_FAILURE, e.getMessage() != null ? e.getMessage() : e.toString());
        };
    }

    private void log(String line) {
        if (options.log() != null) options.log().accept(line);
    }
}

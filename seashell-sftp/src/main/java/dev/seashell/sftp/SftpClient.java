package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.SftpRequest.*;
import dev.seashell.sftp.SftpResponse.Attrs;
import dev.seashell.sftp.SftpResponse.Data;
import dev.seashell.sftp.SftpResponse.ExtendedReply;
import dev.seashell.sftp.SftpResponse.Name;
import dev.seashell.sftp.SftpResponse.Status;
import dev.seashell.connection.ChannelInputStream;
import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongConsumer;

/**
 * An SFTP version 3 client over a stream pair (an SSH "sftp" subsystem channel, or a server
 * process's stdout/stdin). Thread-safe: requests from several threads are multiplexed by id,
 * and one virtual reader thread hands each reply to the request that awaits it. Failures the
 * server reports throw {@link SftpException} with the SSH_FX code.
 *
 * <pre>{@code
 * try (SftpClient sftp = new SftpClient(channel.getInputStream(), channel.getOutputStream())) {
 *     sftp.upload(Path.of("big.iso"), "upload/big.iso");
 *     for (SftpEntry e : sftp.list("upload")) System.out.println(e.longname());
 * }
 * }</pre>
 */
public final class SftpClient implements AutoCloseable {
    /** Transfer request size and pipeline depth, as OpenSSH's sftp uses by default. */
    public static final int CHUNK = 32 * 1024;
    public static final int IN_FLIGHT = 64;

    private final InputStream in;
    private final OutputStream out;
    private final OutputStream rawOut;
    private final Duration timeout;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<Integer, CompletableFuture<SftpResponse>> pending = new ConcurrentHashMap<>();
    private final Map<Integer, DataSink> sinks = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<String, String> extensions;
    private final int serverVersion;
    private final Thread reader;
    private volatile IOException failure;
    private volatile BandwidthLimit limitOut;
    private volatile BandwidthLimit limitIn;

    /**
     * Starts the "sftp" subsystem on a new session channel of {@code ssh}; closing the returned
     * client ends that session.
     */
    public static SftpClient open(dev.seashell.client.SshClient ssh) throws IOException {
        dev.seashell.connection.ClientSession session = ssh.openSession();
        try {
            session.subsystem("sftp");
            return new SftpClient(session.stdout(), session.stdin());
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Connects with a one-minute timeout per request. */
    public SftpClient(InputStream in, OutputStream out) throws IOException {
        this(in, out, Duration.ofMinutes(1));
    }

    /** Sends INIT, reads VERSION and starts the reader; {@code timeout} bounds every wait for a reply. */
    public SftpClient(InputStream in, OutputStream out, Duration timeout) throws IOException {
        // A channel stream already buffers what arrived: another buffer would only add a copy.
        this.in = in instanceof ChannelInputStream ? in : new BufferedInputStream(in, MAX_PACKET + 4);
        // Large enough that a batch of pipelined writes leaves in one channel write, which the
        // channel cuts into full-size packets instead of a full one and a sliver per request.
        this.out = new BufferedOutputStream(out, 1024 * 1024);
        this.rawOut = out;
        this.timeout = Objects.requireNonNull(timeout);
        SshWriter init = SftpPackets.start(SSH_FXP_INIT, 4).writeInt(VERSION);
        SftpPackets.write(this.out, init);
        this.out.flush();
        byte[] v = SftpPackets.read(this.in);
        if (v == null) throw new IOException("SFTP server closed the stream before VERSION");
        if ((v[0] & 0xff) != SSH_FXP_VERSION) throw new SshFormatException("expected SSH_FXP_VERSION, got type " + (v[0] & 0xff));
        SshReader r = new SshReader(v, 1, v.length - 1);
        serverVersion = (int) r.readUint32();
        if (serverVersion < VERSION) throw new SshFormatException("server speaks SFTP version " + serverVersion + ", need 3");
        Map<String, String> ext = new LinkedHashMap<>();
        while (r.remaining() > 0) ext.put(r.readString(), r.readString());
        extensions = Collections.unmodifiableMap(ext);
        reader = Thread.ofVirtual().name("sftp-client-reader").start(this::readLoop);
    }

    /** The version the server answered (3 for OpenSSH). */
    public int serverVersion() {
        return serverVersion;
    }

    /** Extensions the server announced, name to version. */
    public Map<String, String> extensions() {
        return extensions;
    }

    /**
     * Limits the traffic of this session in each direction to {@code bitsPerSecond} (sftp and scp's
     * {@code -l}, in Kbit/s times 1024), counted per packet as OpenSSH's sftp counts it.
     */
    public void limitBandwidth(long bitsPerSecond) {
        limitOut = new BandwidthLimit(bitsPerSecond);
        limitIn = new BandwidthLimit(bitsPerSecond);
    }

    /** Whether the server announced {@code extension} at exactly {@code version}. */
    public boolean supports(String extension, String version) {
        return version.equals(extensions.get(extension));
    }

    // ---- request plumbing ----

    /**
     * Takes a READ's data on the reader thread, straight from the packet buffer, which is reused
     * once {@link #accept} returns: a download then allocates no packet per reply and hands none over.
     */
    interface DataSink {
        /** {@code b[off, off + len)} is the reply's data; a thrown exception fails that request only. */
        void accept(byte[] b, int off, int len) throws IOException;
    }

    /** The reply a request sent with a {@link DataSink} completes with once the sink took its data. */
    static final String DELIVERED = "delivered to sink";

    private void readLoop() {
        // One packet buffer for the session: only DATA replies keep their array, and those are copied out.
        byte[] buf = new byte[MAX_PACKET];
        try {
            for (int n; (n = SftpPackets.readInto(in, buf)) > 0; ) {
                BandwidthLimit limit = limitIn;
                if (limit != null) limit.pass(n + 4L);
                int type = buf[0] & 0xff;
                if (type == SSH_FXP_DATA && deliver(buf, n)) continue;
                byte[] p = type == SSH_FXP_DATA ? java.util.Arrays.copyOf(buf, n) : buf;
                SftpResponse resp = SftpResponse.decode(type, new SshReader(p, 1, n - 1));
                sinks.remove(resp.id());
                CompletableFuture<SftpResponse> f = pending.remove(resp.id());
                if (f != null) f.complete(resp); // An unsolicited reply is dropped.
            }
            fail(new IOException("SFTP server closed the stream"));
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Hands a DATA reply to the sink its request registered; false if there is none. */
    private boolean deliver(byte[] buf, int n) throws SshFormatException {
        if (n < 9) throw new SshFormatException("truncated SSH_FXP_DATA");
        int id = getInt(buf, 1);
        DataSink sink = sinks.remove(id);
        if (sink == null) return false;
        long len = getInt(buf, 5) & 0xffffffffL;
        if (len != n - 9) throw new SshFormatException("SSH_FXP_DATA length " + len + " does not fill its packet of " + n);
        CompletableFuture<SftpResponse> f = pending.remove(id);
        try {
            sink.accept(buf, 9, (int) len);
            if (f != null) f.complete(new Status(id, SSH_FX_OK, DELIVERED));
        } catch (IOException | RuntimeException e) {
            if (f != null) f.completeExceptionally(e);
        }
        return true;
    }

    private static int getInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private void fail(IOException e) {
        failure = e;
        sinks.clear();
        for (Integer id : List.copyOf(pending.keySet())) {
            CompletableFuture<SftpResponse> f = pending.remove(id);
            if (f != null) f.completeExceptionally(e);
        }
    }

    /** Sends a request built for a fresh id; the returned future completes with its reply. */
    CompletableFuture<SftpResponse> send(IntFunction<SftpRequest> build) throws IOException {
        return send(build, true);
    }

    /** Sends everything queued by sends made with {@code flush = false}. */
    void flush() throws IOException {
        writeLock.lock();
        try {
            out.flush();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * As {@link #send(IntFunction)}; with {@code flush} false the request may wait in the buffer
     * until a later send or {@link #flush()}, so that a batch goes out together.
     */
    CompletableFuture<SftpResponse> send(IntFunction<SftpRequest> build, boolean flush) throws IOException {
        return send(build, flush, null);
    }

    private CompletableFuture<SftpResponse> send(IntFunction<SftpRequest> build, boolean flush, DataSink sink) throws IOException {
        int id = ids.incrementAndGet();
        SftpRequest req = build.apply(id);
        CompletableFuture<SftpResponse> f = new CompletableFuture<>();
        pending.put(id, f);
        if (sink != null) sinks.put(id, sink);
        IOException failed = failure;
        if (failed != null) {
            pending.remove(id);
            sinks.remove(id);
            throw new IOException("SFTP session failed", failed);
        }
        SshWriter w = SftpPackets.start(req.type(), req instanceof Write wr ? wr.len() + 64 : 128);
        req.encodeBody(w);
        writeLock.lock();
        try {
            SftpPackets.write(out, w);
            if (flush) out.flush();
        } catch (IOException e) {
            pending.remove(id);
            sinks.remove(id);
            throw e;
        } finally {
            writeLock.unlock();
        }
        BandwidthLimit limit = limitOut;
        if (limit != null) limit.pass(w.size());
        return f;
    }

    SftpResponse await(CompletableFuture<SftpResponse> f) throws IOException {
        try {
            return f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? new IOException(io.getMessage(), io) : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new InterruptedIOException("no SFTP reply within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for an SFTP reply");
        }
    }

    private SftpResponse call(IntFunction<SftpRequest> build) throws IOException {
        return await(send(build));
    }

    static void expectOk(SftpResponse r) throws IOException {
        if (r instanceof Status s) {
            if (s.code() != SSH_FX_OK) throw new SftpException(s.code(), s.message());
            return;
        }
        throw unexpected(r);
    }

    static SftpException unexpected(SftpResponse r) {
        if (r instanceof Status s) return new SftpException(s.code(), s.message());
        return new SftpException(SSH_FX_BAD_MESSAGE, "unexpected reply " + r.getClass().getSimpleName());
    }

    private static SftpAttributes attrs(SftpResponse r) throws SftpException {
        if (r instanceof Attrs a) return a.attrs();
        throw unexpected(r);
    }

    private static SftpHandle handle(SftpResponse r) throws SftpException {
        if (r instanceof SftpResponse.Handle h) return new SftpHandle(h.handle());
        throw unexpected(r);
    }

    private static String singleName(SftpResponse r) throws SftpException {
        if (r instanceof Name n && n.entries().size() == 1) return n.entries().getFirst().filename();
        throw unexpected(r);
    }

    private byte[] extended(String name, IntFunction<SftpRequest> build) throws IOException {
        requireExtension(name);
        SftpResponse r = call(build);
        if (r instanceof ExtendedReply x) return x.data();
        throw unexpected(r);
    }

    private void requireExtension(String name) throws SftpException {
        if (!extensions.containsKey(name)) throw new SftpException(SSH_FX_OP_UNSUPPORTED, "server does not support " + name);
    }

    // ---- files ----

    /** Opens with SSH_FXF_* {@code pflags}; {@code attrs} apply when the file is created. */
    public SftpHandle open(String path, int pflags, SftpAttributes attrs) throws IOException {
        return handle(call(id -> new Open(id, path, pflags, attrs)));
    }

    /** Opens with SSH_FXF_* {@code pflags}, creating with default attributes. */
    public SftpHandle open(String path, int pflags) throws IOException {
        return open(path, pflags, SftpAttributes.EMPTY);
    }

    /**
     * Reads up to {@code len} bytes at {@code offset} into {@code dst}; returns how many, or -1 at end of file.
     * The server may return fewer bytes than asked even before the end.
     */
    public int read(SftpHandle h, long offset, byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        SftpResponse r = call(id -> new Read(id, h.bytes(), offset, len));
        if (r instanceof Data d) {
            if (d.length() > len) throw new SftpException(SSH_FX_BAD_MESSAGE, "server returned more data than asked");
            System.arraycopy(d.data(), d.offset(), dst, off, d.length());
            return d.length();
        }
        if (r instanceof Status s && s.code() == SSH_FX_EOF) return -1;
        throw unexpected(r);
    }

    /** Reads up to {@code len} bytes at {@code offset}; an empty array means end of file. */
    public byte[] read(SftpHandle h, long offset, int len) throws IOException {
        byte[] buf = new byte[Math.min(len, MAX_DATA)];
        int n = read(h, offset, buf, 0, buf.length);
        return n <= 0 ? new byte[0] : java.util.Arrays.copyOf(buf, n);
    }

    /** Writes {@code data[off, off+len)} at {@code offset}; at most the server's packet limit per call. */
    public void write(SftpHandle h, long offset, byte[] data, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, data.length);
        expectOk(call(id -> new Write(id, h.bytes(), offset, data, off, len)));
    }

    /** Writes all of {@code data} at {@code offset}. */
    public void write(SftpHandle h, long offset, byte[] data) throws IOException {
        write(h, offset, data, 0, data.length);
    }

    /** Closes a file or directory handle. */
    public void close(SftpHandle h) throws IOException {
        expectOk(call(id -> new Close(id, h.bytes())));
    }

    /** Attributes of {@code path}, following symbolic links. */
    public SftpAttributes stat(String path) throws IOException {
        return attrs(call(id -> new Stat(id, path)));
    }

    /** Attributes of {@code path} itself, not following a final symbolic link. */
    public SftpAttributes lstat(String path) throws IOException {
        return attrs(call(id -> new Lstat(id, path)));
    }

    /** Attributes of an open file. */
    public SftpAttributes fstat(SftpHandle h) throws IOException {
        return attrs(call(id -> new Fstat(id, h.bytes())));
    }

    /** Sets the attributes present in {@code attrs} (size, owner, permissions, times) on {@code path}. */
    public void setstat(String path, SftpAttributes attrs) throws IOException {
        expectOk(call(id -> new SetStat(id, path, attrs)));
    }

    /** As {@link #setstat}, on an open file. */
    public void fsetstat(SftpHandle h, SftpAttributes attrs) throws IOException {
        expectOk(call(id -> new FSetStat(id, h.bytes(), attrs)));
    }

    /** Like setstat without following a final symbolic link (lsetstat@openssh.com). */
    public void lsetstat(String path, SftpAttributes attrs) throws IOException {
        requireExtension(EXT_LSETSTAT);
        expectOk(call(id -> new LSetStat(id, path, attrs)));
    }

    // ---- directories and names ----

    /** Opens a directory for {@link #readDir}; close the handle when done. */
    public SftpHandle openDir(String path) throws IOException {
        return handle(call(id -> new SftpRequest.OpenDir(id, path)));
    }

    /** The next batch of names, or an empty list at the end. */
    public List<SftpEntry> readDir(SftpHandle h) throws IOException {
        SftpResponse r = call(id -> new ReadDir(id, h.bytes()));
        if (r instanceof Name n) return n.entries();
        if (r instanceof Status s && s.code() == SSH_FX_EOF) return List.of();
        throw unexpected(r);
    }

    /** All entries of a directory except "." and "..", in the server's order. */
    public List<SftpEntry> list(String dir) throws IOException {
        SftpHandle h = openDir(dir);
        List<SftpEntry> all = new ArrayList<>();
        try {
            for (List<SftpEntry> batch; !(batch = readDir(h)).isEmpty(); ) {
                for (SftpEntry e : batch) if (!e.filename().equals(".") && !e.filename().equals("..")) all.add(e);
            }
        } finally {
            close(h);
        }
        return all;
    }

    /** Creates a directory with the server's default permissions. */
    public void mkdir(String path) throws IOException {
        mkdir(path, SftpAttributes.EMPTY);
    }

    /** Creates a directory with {@code attrs} (typically permissions). */
    public void mkdir(String path, SftpAttributes attrs) throws IOException {
        expectOk(call(id -> new MkDir(id, path, attrs)));
    }

    /** Removes an empty directory. */
    public void rmdir(String path) throws IOException {
        expectOk(call(id -> new RmDir(id, path)));
    }

    /** Removes a file (or symbolic link). */
    public void remove(String path) throws IOException {
        expectOk(call(id -> new Remove(id, path)));
    }

    /** Renames, replacing an existing target, via posix-rename@openssh.com when offered; else plain RENAME (which refuses to replace). */
    public void rename(String oldPath, String newPath) throws IOException {
        if (supports(EXT_POSIX_RENAME, "1")) expectOk(call(id -> new PosixRename(id, oldPath, newPath)));
        else expectOk(call(id -> new Rename(id, oldPath, newPath)));
    }

    /** The target of the symbolic link {@code path}. */
    public String readlink(String path) throws IOException {
        return singleName(call(id -> new ReadLink(id, path)));
    }

    /** Creates {@code linkPath} pointing at {@code targetPath} (sent in OpenSSH's argument order). */
    public void symlink(String targetPath, String linkPath) throws IOException {
        expectOk(call(id -> new Symlink(id, targetPath, linkPath)));
    }

    /** The canonical absolute form of {@code path} (the server's idea, e.g. of "."). */
    public String realpath(String path) throws IOException {
        return singleName(call(id -> new RealPath(id, path)));
    }

    // ---- extensions ----

    /** File system statistics for {@code path} (statvfs@openssh.com). */
    public SftpStatVfs statvfs(String path) throws IOException {
        return SftpStatVfs.decode(extended(EXT_STATVFS, id -> new StatVfs(id, path)));
    }

    /** File system statistics for an open file (fstatvfs@openssh.com). */
    public SftpStatVfs fstatvfs(SftpHandle h) throws IOException {
        return SftpStatVfs.decode(extended(EXT_FSTATVFS, id -> new FStatVfs(id, h.bytes())));
    }

    /** Creates the hard link {@code newPath} to {@code oldPath} (hardlink@openssh.com). */
    public void hardlink(String oldPath, String newPath) throws IOException {
        requireExtension(EXT_HARDLINK);
        expectOk(call(id -> new HardLink(id, oldPath, newPath)));
    }

    /** Flushes an open file to stable storage on the server (fsync@openssh.com). */
    public void fsync(SftpHandle h) throws IOException {
        requireExtension(EXT_FSYNC);
        expectOk(call(id -> new Fsync(id, h.bytes())));
    }

    /** The server's packet, read and write size limits (limits@openssh.com). */
    public SftpLimits limits() throws IOException {
        return SftpLimits.decode(extended(EXT_LIMITS, Limits::new));
    }

    /** Canonicalises a path with "~" expansion (expand-path@openssh.com). */
    public String expandPath(String path) throws IOException {
        requireExtension(EXT_EXPAND_PATH);
        return singleName(call(id -> new ExpandPath(id, path)));
    }

    /** Home directory of {@code user}; empty for the session's own. */
    public String homeDirectory(String user) throws IOException {
        requireExtension(EXT_HOME_DIRECTORY);
        return singleName(call(id -> new HomeDirectory(id, user)));
    }

    /** Server-side copy (copy-data); {@code length} 0 copies to end of file. */
    public void copyData(SftpHandle from, long fromOffset, long length, SftpHandle to, long toOffset) throws IOException {
        requireExtension(EXT_COPY_DATA);
        expectOk(call(id -> new CopyData(id, from.bytes(), fromOffset, length, to.bytes(), toOffset)));
    }

    /** User and group names for ids (users-groups-by-id@openssh.com); "" where unknown. */
    public List<List<String>> usersGroupsById(int[] uids, int[] gids) throws IOException {
        SshReader r = new SshReader(extended(EXT_USERS_GROUPS_BY_ID, id -> new UsersGroupsById(id, uids.clone(), gids.clone())));
        List<String> users = names(r.readBytes(), uids.length);
        List<String> groups = names(r.readBytes(), gids.length);
        r.expectEnd();
        return List.of(users, groups);
    }

    private static List<String> names(byte[] packed, int expected) throws SshFormatException {
        SshReader r = new SshReader(packed);
        List<String> out = new ArrayList<>(expected);
        for (int i = 0; i < expected; i++) out.add(r.readString());
        r.expectEnd();
        return out;
    }

    // ---- whole files and streams ----

    /** Uploads {@code local} to {@code remote} in place (created or truncated), 64 writes of 32 KiB in flight. */
    public void upload(Path local, String remote) throws IOException {
        SftpTransfers.upload(this, local, remote, false);
    }

    /** Continues an upload from the remote file's current size; the bytes already there are not verified. */
    public void resumeUpload(Path local, String remote) throws IOException {
        SftpTransfers.upload(this, local, remote, true);
    }

    /**
     * Downloads {@code remote} to {@code local} with 64 reads of 32 KiB in flight. Data goes to a
     * temporary file beside {@code local} that replaces it only once the whole file has arrived.
     */
    public void download(String remote, Path local) throws IOException {
        SftpTransfers.download(this, remote, local);
    }

    /**
     * Uploads with {@code chunk}-byte writes, {@code inFlight} of them outstanding (sftp's -B and -R);
     * {@code resume} continues from the remote file's current size.
     */
    public void upload(Path local, String remote, boolean resume, int chunk, int inFlight) throws IOException {
        upload(local, remote, resume, chunk, inFlight, done -> { });
    }

    /** As {@link #upload(Path, String, boolean, int, int)}, telling {@code progress} the file offset acknowledged so far. */
    public void upload(Path local, String remote, boolean resume, int chunk, int inFlight, LongConsumer progress) throws IOException {
        SftpTransfers.upload(this, local, remote, resume, checkChunk(chunk), Math.max(1, inFlight), progress);
    }

    /**
     * Downloads with {@code chunk}-byte reads, {@code inFlight} of them outstanding. Without
     * {@code resume} as {@link #download(String, Path)}; with it, appends in place from the local file's size.
     */
    public void download(String remote, Path local, boolean resume, int chunk, int inFlight) throws IOException {
        download(remote, local, resume, chunk, inFlight, done -> { });
    }

    /** As {@link #download(String, Path, boolean, int, int)}, telling {@code progress} how many bytes of the file are local so far. */
    public void download(String remote, Path local, boolean resume, int chunk, int inFlight, LongConsumer progress) throws IOException {
        SftpTransfers.download(this, remote, local, resume, checkChunk(chunk), Math.max(1, inFlight), progress);
    }

    private static int checkChunk(int chunk) {
        if (chunk < 1 || chunk > MAX_DATA) throw new IllegalArgumentException("chunk size " + chunk + " outside 1.." + MAX_DATA);
        return chunk;
    }

    /** Sequential reads of a remote file, with read-ahead. */
    public InputStream openInputStream(String remote) throws IOException {
        return new RemoteInputStream(this, open(remote, SSH_FXF_READ));
    }

    /** Writes a remote file from the start (created or truncated), pipelined; errors surface at the latest on close. */
    public OutputStream openOutputStream(String remote) throws IOException {
        return new RemoteOutputStream(this, open(remote, SSH_FXF_WRITE | SSH_FXF_CREAT | SSH_FXF_TRUNC));
    }

    /** Bytes before the data in a WRITE packet on {@code h}: length, type, id, handle, offset, data length. */
    static int writeHeader(SftpHandle h) {
        return 4 + 1 + 4 + 4 + h.bytes().length + 8 + 4;
    }

    /**
     * Sends WRITE of {@code frame[writeHeader(h), writeHeader(h) + len)} at {@code offset}: the caller
     * put the data in place (e.g. read the file straight into it) and this fills in the header, so
     * the bytes are copied once, into the channel's packets. The frame may be reused once this returns.
     */
    CompletableFuture<SftpResponse> sendWriteFrame(SftpHandle h, long offset, byte[] frame, int len) throws IOException {
        byte[] handle = h.bytes();
        int header = writeHeader(h);
        Objects.checkFromIndexSize(header, len, frame.length);
        int id = ids.incrementAndGet();
        CompletableFuture<SftpResponse> f = new CompletableFuture<>();
        pending.put(id, f);
        IOException failed = failure;
        if (failed != null) {
            pending.remove(id);
            throw new IOException("SFTP session failed", failed);
        }
        int total = header + len;
        putInt(frame, 0, total - 4);
        frame[4] = (byte) SSH_FXP_WRITE;
        putInt(frame, 5, id);
        putInt(frame, 9, handle.length);
        System.arraycopy(handle, 0, frame, 13, handle.length);
        int at = 13 + handle.length;
        putInt(frame, at, (int) (offset >>> 32));
        putInt(frame, at + 4, (int) offset);
        putInt(frame, at + 8, len);
        writeLock.lock();
        try {
            // Whatever small requests are buffered go first; the frame itself skips the buffer.
            out.flush();
            rawOut.write(frame, 0, total);
        } catch (IOException e) {
            pending.remove(id);
            throw e;
        } finally {
            writeLock.unlock();
        }
        BandwidthLimit limit = limitOut;
        if (limit != null) limit.pass(total);
        return f;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    CompletableFuture<SftpResponse> sendRead(SftpHandle h, long offset, int len) throws IOException {
        return sendRead(h, offset, len, true);
    }

    CompletableFuture<SftpResponse> sendRead(SftpHandle h, long offset, int len, boolean flush) throws IOException {
        return send(id -> new Read(id, h.bytes(), offset, len), flush);
    }

    /**
     * Sends READ whose data goes to {@code sink} on the reader thread; the reply is then a
     * {@link Status} of SSH_FX_OK with message {@link #DELIVERED}, any other reply as usual.
     */
    CompletableFuture<SftpResponse> sendRead(SftpHandle h, long offset, int len, boolean flush, DataSink sink) throws IOException {
        return send(id -> new Read(id, h.bytes(), offset, len), flush, Objects.requireNonNull(sink));
    }

    CompletableFuture<SftpResponse> sendWrite(SftpHandle h, long offset, byte[] data, int off, int len) throws IOException {
        return sendWrite(h, offset, data, off, len, true);
    }

    CompletableFuture<SftpResponse> sendWrite(SftpHandle h, long offset, byte[] data, int off, int len, boolean flush) throws IOException {
        return send(id -> new Write(id, h.bytes(), offset, data, off, len), flush);
    }

    /** Closes the streams; the server sees end of input and ends the session. Pending requests fail. */
    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            in.close();
            fail(new IOException("SFTP client closed"));
            reader.interrupt();
        }
    }
}

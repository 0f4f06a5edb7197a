package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.SftpResponse.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;

/**
 * Whole-file transfers with {@link SftpClient#IN_FLIGHT} requests of {@link SftpClient#CHUNK}
 * bytes outstanding, as OpenSSH's sftp pipelines them. Replies are consumed oldest first; the
 * server may answer in any order, the client's reader matches them by id.
 */
final class SftpTransfers {
    private SftpTransfers() {}

    private record Pending(long offset, int length, CompletableFuture<SftpResponse> reply) {}

    /**
     * Requests are topped up this many at a time and sent together: the channel then carries
     * full-size packets rather than one per request (a 32 KiB write is a 32 KiB packet and a
     * sliver), and the server gets its work in bursts it can overlap.
     */
    static int batch(int depth) {
        return Math.max(1, Math.min(8, depth / 4));
    }

    static void upload(SftpClient c, Path local, String remote, boolean resume) throws IOException {
        upload(c, local, remote, resume, SftpClient.CHUNK, SftpClient.IN_FLIGHT, done -> { });
    }

    static void upload(SftpClient c, Path local, String remote, boolean resume, int chunk, int depth, LongConsumer progress)
            throws IOException {
        long start = 0;
        if (resume) {
            try {
                start = c.stat(remote).size();
            } catch (SftpException e) {
                if (e.status() != SSH_FX_NO_SUCH_FILE) throw e;
            }
        }
        int mode = 0644;
        try {
            mode = (Integer) Files.getAttribute(local, "unix:mode") & 0777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // No unix view: keep the default.
        }
        int flags = SSH_FXF_WRITE | SSH_FXF_CREAT | (resume ? 0 : SSH_FXF_TRUNC);
        SftpHandle h = c.open(remote, flags, SftpAttributes.EMPTY.withPermissions(mode));
        IOException failure = null;
        try (FileChannel ch = FileChannel.open(local, StandardOpenOption.READ)) {
            if (start > ch.size()) throw new IOException("remote file is larger (" + start + ") than " + local + " (" + ch.size() + ")");
            ArrayDeque<Pending> inFlight = new ArrayDeque<>();
            long pos = start;
            progress.accept(start);
            boolean eof = false;
            // One packet frame, reused: the file is read straight into it after the WRITE header,
            // and sendWriteFrame has copied it into the channel's packets when it returns.
            int header = SftpClient.writeHeader(h);
            byte[] frame = new byte[header + chunk];
            int batch = batch(depth);
            while (true) {
                if (!eof && inFlight.size() <= depth - batch) {
                    while (!eof && inFlight.size() < depth) {
                        int n = readFully(ch, frame, header, chunk, pos);
                        if (n > 0) {
                            inFlight.add(new Pending(pos, n, c.sendWriteFrame(h, pos, frame, n)));
                            pos += n;
                        }
                        eof = n < chunk;
                    }
                    c.flush();
                }
                if (inFlight.isEmpty()) break;
                Pending p = inFlight.poll();
                SftpClient.expectOk(c.await(p.reply()));
                progress.accept(p.offset() + p.length());
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            closeQuietly(c, h, failure);
        }
    }

    static void download(SftpClient c, String remote, Path local) throws IOException {
        download(c, remote, local, false, SftpClient.CHUNK, SftpClient.IN_FLIGHT, done -> { });
    }

    /**
     * Downloads to a temporary file renamed over {@code local} at the end; when resuming, appends
     * in place from {@code local}'s current size instead (the bytes already there are not verified).
     */
    static void download(SftpClient c, String remote, Path local, boolean resume, int chunk, int depth, LongConsumer progress)
            throws IOException {
        long start = resume && Files.exists(local) ? Files.size(local) : 0;
        SftpHandle h = c.open(remote, SSH_FXF_READ);
        Path dir = local.toAbsolutePath().getParent();
        Path tmp = resume ? local
                : dir.resolve("." + local.getFileName() + ".part-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        IOException failure = null;
        try {
            try (FileChannel out = resume ? FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE)
                    : FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                ArrayDeque<Slice> inFlight = new ArrayDeque<>();
                long next = start;
                long received = start;
                progress.accept(start);
                boolean eof = false;
                int batch = batch(depth);
                while (true) {
                    if (!eof && inFlight.size() <= depth - batch) {
                        while (!eof && inFlight.size() < depth) {
                            inFlight.add(Slice.send(c, h, out, next, chunk, false));
                            next += chunk;
                        }
                        c.flush();
                    }
                    Slice p = inFlight.poll();
                    if (p == null) break;
                    SftpResponse r = c.await(p.reply());
                    int got = p.target().received;
                    if (got >= 0) {
                        received += got;
                        progress.accept(received);
                        // A short read is not the end: ask for the rest of this range again.
                        if (got < p.target().length) {
                            inFlight.add(Slice.send(c, h, out, p.target().offset + got, p.target().length - got, true));
                        }
                    } else if (r instanceof Status s && s.code() == SSH_FX_EOF) {
                        eof = true;
                    } else {
                        throw SftpClient.unexpected(r);
                    }
                }
            }
            if (!resume) Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            failure = e;
            if (!resume) Files.deleteIfExists(tmp);
            throw e;
        } finally {
            closeQuietly(c, h, failure);
        }
    }

    /**
     * A READ whose data the client's reader thread writes at its place in the local file
     * (a positional write: replies may come in any order), recording how much arrived.
     */
    private static final class FileSlice implements SftpClient.DataSink {
        final FileChannel out;
        final long offset;
        final int length;
        /** Bytes written, -1 until the data arrived; published by completing the request's future. */
        int received = -1;

        FileSlice(FileChannel out, long offset, int length) {
            this.out = out;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public void accept(byte[] b, int off, int len) throws IOException {
            if (len > length) throw new SftpException(SSH_FX_BAD_MESSAGE, "server returned more data than asked");
            // Asking again for the same range would not end: no progress is a broken server.
            if (len == 0) throw new SftpException(SSH_FX_BAD_MESSAGE, "server returned an empty data block");
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            long at = offset;
            while (buf.hasRemaining()) at += out.write(buf, at);
            received = len;
        }
    }

    private record Slice(FileSlice target, CompletableFuture<SftpResponse> reply) {
        static Slice send(SftpClient c, SftpHandle h, FileChannel out, long offset, int length, boolean flush) throws IOException {
            FileSlice target = new FileSlice(out, offset, length);
            return new Slice(target, c.sendRead(h, offset, length, flush, target));
        }
    }

    /** Reads up to {@code len} bytes at file position {@code pos} into {@code buf[off..]}; fewer only at end of file. */
    private static int readFully(FileChannel ch, byte[] buf, int off, int len, long pos) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        while (b.hasRemaining()) {
            int n = ch.read(b, pos + b.position() - off);
            if (n < 0) break;
        }
        return b.position() - off;
    }

    /** Closes the handle; a close failure is reported unless an earlier failure is already on its way. */
    private static void closeQuietly(SftpClient c, SftpHandle h, IOException earlier) throws IOException {
        try {
            c.close(h);
        } catch (IOException e) {
            if (earlier == null) throw e;
            earlier.addSuppressed(e);
        }
    }

}

package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.SftpResponse.Data;
import dev.seashell.sftp.SftpResponse.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A remote file read front to back, keeping a few reads in flight ahead of the caller. */
final class RemoteInputStream extends InputStream {
    private static final int READ_AHEAD = 8;

    private record Pending(long offset, int length, CompletableFuture<SftpResponse> reply) {}

    private final SftpClient client;
    private final SftpHandle handle;
    private final ArrayDeque<Pending> ahead = new ArrayDeque<>();
    private long nextOffset;
    private byte[] buf = new byte[0];
    private int bufPos;
    private int bufLen;
    private boolean eof;
    private boolean closed;

    RemoteInputStream(SftpClient client, SftpHandle handle) {
        this.client = client;
        this.handle = handle;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) throw new IOException("stream closed");
        if (len == 0) return 0;
        while (bufPos == bufLen) {
            if (!fill()) return -1;
        }
        int n = Math.min(len, bufLen - bufPos);
        System.arraycopy(buf, bufPos, b, off, n);
        bufPos += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (!eof && ahead.size() < READ_AHEAD) {
            ahead.add(new Pending(nextOffset, SftpClient.CHUNK, client.sendRead(handle, nextOffset, SftpClient.CHUNK)));
            nextOffset += SftpClient.CHUNK;
        }
        Pending p = ahead.poll();
        if (p == null) return false;
        SftpResponse r = client.await(p.reply());
        if (r instanceof Data d) {
            buf = d.data();
            bufPos = d.offset();
            bufLen = d.offset() + d.length();
            if (d.length() < p.length()) {
                // Short read: everything queued after it assumed a full chunk, so start over from here.
                ahead.clear();
                nextOffset = p.offset() + d.length();
            }
            return true;
        }
        if (r instanceof Status s && s.code() == SSH_FX_EOF) {
            eof = true;
            ahead.clear();
            return false;
        }
        throw SftpClient.unexpected(r);
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        client.close(handle);
    }
}

package dev.seashell.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** A remote file written front to back in 32 KiB writes, up to 64 unacknowledged. */
final class RemoteOutputStream extends OutputStream {
    private final SftpClient client;
    private final SftpHandle handle;
    private final ArrayDeque<CompletableFuture<SftpResponse>> inFlight = new ArrayDeque<>();
    private final byte[] buf = new byte[SftpClient.CHUNK];
    private int len;
    private long offset;
    private boolean closed;

    RemoteOutputStream(SftpClient client, SftpHandle handle) {
        this.client = client;
        this.handle = handle;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int n) throws IOException {
        Objects.checkFromIndexSize(off, n, b.length);
        if (closed) throw new IOException("stream closed");
        while (n > 0) {
            int k = Math.min(n, buf.length - len);
            System.arraycopy(b, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
            if (len == buf.length) sendBuffer();
        }
    }

    private void sendBuffer() throws IOException {
        if (len == 0) return;
        if (inFlight.size() >= SftpClient.IN_FLIGHT) SftpClient.expectOk(client.await(inFlight.poll()));
        inFlight.add(client.sendWrite(handle, offset, buf, 0, len));
        offset += len;
        len = 0;
    }

    /** Sends buffered bytes and waits until the server has acknowledged every write. */
    @Override
    public void flush() throws IOException {
        sendBuffer();
        while (!inFlight.isEmpty()) SftpClient.expectOk(client.await(inFlight.poll()));
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            flush();
        } finally {
            closed = true;
            client.close(handle);
        }
    }
}

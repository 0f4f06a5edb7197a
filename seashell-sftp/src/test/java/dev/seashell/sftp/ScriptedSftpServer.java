package dev.seashell.sftp;

import static dev.seashell.sftp.SftpConstants.*;

import dev.seashell.sftp.SftpRequest.Close;
import dev.seashell.sftp.SftpRequest.Open;
import dev.seashell.sftp.SftpRequest.Read;
import dev.seashell.sftp.SftpRequest.Write;
import dev.seashell.sftp.SftpResponse.Data;
import dev.seashell.sftp.SftpResponse.Handle;
import dev.seashell.sftp.SftpResponse.Status;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-file SFTP server that misbehaves within the protocol, to exercise the client's pipelines:
 * it answers each batch of queued requests in reverse order, returns short reads, and can fail the
 * n-th READ or WRITE. The file is one in-memory array (the source of a download, the target of an upload).
 */
final class ScriptedSftpServer implements AutoCloseable {
    final BytePipe toServer = new BytePipe(1 << 20);
    final BytePipe toClient = new BytePipe(1 << 20);
    final SftpClient client;
    private final Thread thread;
    private final byte[] file;
    private byte[] upload = new byte[0];
    private final int shortEvery;
    private final int failAt;
    private int transfers;
    volatile int maxBatch;
    /** When set, every READ below end of file gets an empty data block. */
    volatile boolean emptyReads;

    /**
     * @param file        what READ serves
     * @param shortEvery  every n-th READ returns only half of what was asked (0: never)
     * @param failAt      the n-th READ or WRITE (1-based) fails with SSH_FX_FAILURE (0: never)
     */
    ScriptedSftpServer(byte[] file, int shortEvery, int failAt) throws IOException {
        this.file = file;
        this.shortEvery = shortEvery;
        this.failAt = failAt;
        thread = Thread.ofVirtual().name("scripted-sftp").start(this::serve);
        client = new SftpClient(toClient.in, toServer.out, Duration.ofSeconds(30));
    }

    /** The bytes WRITE requests put in place so far. */
    synchronized byte[] uploaded() {
        return upload.clone();
    }

    private void serve() {
        try (InputStream in = toServer.in; OutputStream out = toClient.out) {
            SftpPackets.read(in); // INIT
            SftpPackets.write(out, SftpPackets.start(SSH_FXP_VERSION, 4).writeInt(VERSION));
            out.flush();
            while (true) {
                List<SftpRequest> batch = new ArrayList<>();
                byte[] p = SftpPackets.read(in);
                if (p == null) return;
                batch.add(decode(p));
                // Everything already queued joins the batch, which is then answered last first.
                while (in.available() > 0 && batch.size() < 64) batch.add(decode(SftpPackets.read(in)));
                maxBatch = Math.max(maxBatch, batch.size());
                for (SftpRequest r : batch.reversed()) {
                    SftpResponse resp = answer(r);
                    SshWriter w = SftpPackets.start(resp.type(), 64);
                    resp.encodeBody(w);
                    SftpPackets.write(out, w);
                }
                out.flush();
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static SftpRequest decode(byte[] p) throws IOException {
        return SftpRequest.decode(p[0] & 0xff, new SshReader(p, 1, p.length - 1));
    }

    private synchronized SftpResponse answer(SftpRequest r) {
        return switch (r) {
            case Open o -> new Handle(o.id(), new byte[] {1, 2, 3});
            case Close c -> new Status(c.id(), SSH_FX_OK, "");
            case Read rd -> {
                if (++transfers == failAt) yield new Status(rd.id(), SSH_FX_FAILURE, "scripted read failure");
                if (rd.offset() >= file.length) yield new Status(rd.id(), SSH_FX_EOF, "");
                int n = (int) Math.min(rd.length(), file.length - rd.offset());
                if (shortEvery > 0 && transfers % shortEvery == 0 && n > 1) n /= 2;
                if (emptyReads) n = 0;
                yield new Data(rd.id(), file, (int) rd.offset(), n);
            }
            case Write wr -> {
                if (++transfers == failAt) yield new Status(wr.id(), SSH_FX_FAILURE, "scripted write failure");
                int end = (int) wr.offset() + wr.len();
                if (end > upload.length) upload = java.util.Arrays.copyOf(upload, end);
                System.arraycopy(wr.data(), wr.off(), upload, (int) wr.offset(), wr.len());
                yield new Status(wr.id(), SSH_FX_OK, "");
            }
            default -> new Status(r.id(), SSH_FX_OP_UNSUPPORTED, "not scripted");
        };
    }

    @Override
    public void close() throws Exception {
        client.close();
        if (!thread.join(Duration.ofSeconds(10))) throw new AssertionError("scripted server did not stop");
    }
}

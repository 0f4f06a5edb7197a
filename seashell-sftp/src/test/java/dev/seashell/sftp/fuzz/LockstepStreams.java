package dev.seashell.sftp.fuzz;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A fake server connection: every write by the client releases the next scripted message to read;
 * when the script is used up, or {@link #finish} is called, reads see end of stream. Reads block
 * only while the client has not yet sent the request the next message answers.
 */
final class LockstepStreams {
    private final ArrayDeque<byte[]> script;
    private byte[] current = new byte[0];
    private int pos;
    private int permits;
    private boolean finished;

    LockstepStreams(List<byte[]> messages) {
        script = new ArrayDeque<>(messages);
    }

    synchronized void finish() {
        finished = true;
        notifyAll();
    }

    private synchronized void released() {
        permits++;
        notifyAll();
    }

    private synchronized int read(byte[] b, int off, int len) throws java.io.InterruptedIOException {
        while (pos == current.length) {
            if (finished || script.isEmpty()) return -1;
            if (permits > 0) {
                permits--;
                current = script.poll();
                pos = 0;
                continue;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    InputStream in() {
        return new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                byte[] one = new byte[1];
                return LockstepStreams.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return len == 0 ? 0 : LockstepStreams.this.read(b, off, len);
            }
        };
    }

    OutputStream out() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                released();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                released();
            }
        };
    }
}

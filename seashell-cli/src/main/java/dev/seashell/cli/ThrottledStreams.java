package dev.seashell.cli;

import dev.seashell.sftp.BandwidthLimit;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams paced by a {@link BandwidthLimit}, for scp -O's -l (the SFTP path limits in SftpClient). */
final class ThrottledStreams {
    private ThrottledStreams() {}

    static InputStream in(InputStream in, BandwidthLimit limit) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 32 * 1024));
                if (n > 0) limit.pass(n);
                return n;
            }

            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) limit.pass(1);
                return c;
            }
        };
    }

    static OutputStream out(OutputStream out, BandwidthLimit limit) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                limit.pass(len);
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                limit.pass(1);
            }
        };
    }
}

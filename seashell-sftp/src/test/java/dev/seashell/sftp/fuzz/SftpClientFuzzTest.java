package dev.seashell.sftp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpConstants;
import dev.seashell.sftp.SftpHandle;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * The SFTP client's response decoding: the fuzz input, split into messages (two-byte length each),
 * gives the packets the server sends (type byte and body; the harness adds the uint32 length), one
 * released per client request (message 0 is the VERSION packet). Each reply's request id (body bytes
 * 1..4) is set to the id of the request it answers, so replies are never dropped as unsolicited and
 * the run is deterministic. Framing itself (the length prefix) is fuzzed by SftpServerFuzzTest, which
 * shares the packet reader; fuzzing it here would let a short packet stall the lockstep script.
 *
 * <p>A reply that never arrives because the client's reader thread died is a bug: it would surface
 * here as the client's timeout, which this harness does not accept as a declared outcome.
 */
class SftpClientFuzzTest {
    @FuzzTest(maxDuration = "8s")
    @Timeout(10)
    void responses(byte[] data) throws IOException {
        List<byte[]> messages = new ArrayList<>();
        int index = 0;
        for (byte[] m : split(data)) {
            if (index > 0 && m.length >= 5) {
                m[1] = 0;
                m[2] = 0;
                m[3] = 0;
                m[4] = (byte) index;
            }
            byte[] framed = new byte[m.length + 4];
            framed[0] = (byte) (m.length >>> 24);
            framed[1] = (byte) (m.length >>> 16);
            framed[2] = (byte) (m.length >>> 8);
            framed[3] = (byte) m.length;
            System.arraycopy(m, 0, framed, 4, m.length);
            messages.add(framed);
            index++;
        }
        LockstepStreams streams = new LockstepStreams(messages);
        SftpClient client = null;
        try {
            client = new SftpClient(streams.in(), streams.out(), Duration.ofSeconds(5));
            exercise(client);
        } catch (InterruptedIOException e) {
            throw new AssertionError("client waited for a reply that its reader should have delivered or failed", e);
        } catch (IOException declared) {
            // SftpException for error statuses, SshFormatException for malformed replies, or the end of input.
        } finally {
            streams.finish();
            if (client != null) client.close();
        }
    }

    private static void exercise(SftpClient c) throws IOException {
        try {
            c.stat("/f");
        } catch (IOException ignored) {
            // One failed request is fine; the next may still be answered.
        }
        try {
            c.readlink("/l");
        } catch (IOException ignored) {
            // As above.
        }
        try {
            c.realpath(".");
        } catch (IOException ignored) {
            // As above.
        }
        try {
            SftpHandle h = c.open("/f", SftpConstants.SSH_FXF_READ);
            c.read(h, 0, 4096);
            c.fstat(h);
            c.close(h);
        } catch (IOException ignored) {
            // As above.
        }
        try {
            c.statvfs("/");
        } catch (IOException ignored) {
            // As above.
        }
        c.list("/");
    }

    /** Max 200 messages of the two-byte-length framing used by the core fuzz targets. */
    private static List<byte[]> split(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        while (i < data.length && out.size() < 200) {
            int len = i + 2 <= data.length ? ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff) : 0;
            int start = Math.min(data.length, i + 2);
            int end = Math.min(data.length, start + len);
            out.add(java.util.Arrays.copyOfRange(data, start, end));
            i = end;
        }
        return out;
    }
}

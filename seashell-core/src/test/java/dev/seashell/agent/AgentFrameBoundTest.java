package dev.seashell.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.SshFormatException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Agent frames are bounded before allocation: a forwarded agent socket cannot make us allocate 4 GiB. */
class AgentFrameBoundTest {
    @Test
    void frameLengthOverMaxFrameIsRefusedWithoutReadingTheBody() {
        AtomicLong bodyBytesRead = new AtomicLong();
        InputStream hostile = new InputStream() {
            private int header;

            @Override
            public int read() {
                if (header < 4) return header++ == 0 ? 0x7f : 0xff; // length 0x7fffffff
                bodyBytesRead.incrementAndGet();
                return 0;
            }
        };
        assertThatThrownBy(() -> AgentFrames.read(hostile)).isInstanceOf(SshFormatException.class).hasMessageContaining("out of range");
        assertThat(bodyBytesRead.get()).isZero();
    }

    @Test
    void largestAllowedFrameIsRead() throws Exception {
        int n = AgentProtocol.MAX_FRAME;
        byte[] frame = new byte[4 + n];
        frame[0] = (byte) (n >>> 24);
        frame[1] = (byte) (n >>> 16);
        frame[2] = (byte) (n >>> 8);
        frame[3] = (byte) n;
        assertThat(AgentFrames.read(new ByteArrayInputStream(frame))).hasSize(n);
        byte[] over = frame.clone();
        over[3] = (byte) (n + 1);
        over[2] = (byte) ((n + 1) >>> 8);
        over[1] = (byte) ((n + 1) >>> 16);
        assertThatThrownBy(() -> AgentFrames.read(new ByteArrayInputStream(over))).isInstanceOf(SshFormatException.class);
    }
}

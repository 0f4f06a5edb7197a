package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.keys.KeyGen;
import dev.seashell.server.SshServer;
import dev.seashell.transport.cipher.PacketCiphers;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Regression tests for vulnerability classes at the transport layer not covered by {@link TransportAttackTest}. */
class CveBoundsTest {

    /**
     * OpenSSH 9.9p2 (CVE-2025-26466 class): PING before authentication made sshd allocate a PONG per
     * PING. Seashell answers PING only once the user is authenticated; the server's packet sequence
     * shows whether anything was sent back.
     */
    @Test
    void cve_2025_26466_pingBeforeAuthenticationIsNotAnswered() throws IOException {
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> false).sessions((u, r, l) -> TransportMatrixTest.ECHO).start()) {
            int withIgnore = serverSequenceAfter(server, MessageNumbers.IGNORE, 50);
            int withPing = serverSequenceAfter(server, MessageNumbers.PING, 50);
            assertThat(withPing).as("server packets after 50 PINGs vs 50 IGNOREs").isEqualTo(withIgnore);
        }
    }

    /** Sends {@code count} messages of {@code type} then a service request; returns the sequence of the server's reply. */
    private static int serverSequenceAfter(SshServer server, int type, int count) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            Transport t = TransportAttackTest.handshaken(s);
            for (int i = 0; i < count; i++) t.send(new SshWriter().writeByte(type).writeString("ping-" + i).toByteArray());
            t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
            byte[] reply = t.readPacket();
            while ((reply[0] & 0xff) == MessageNumbers.EXT_INFO) reply = t.readPacket();
            assertThat(reply[0]).isEqualTo((byte) MessageNumbers.SERVICE_ACCEPT);
            return t.lastReadSequence();
        }
    }

    /** Decompression bomb (zlib@openssh.com): a tiny compressed packet may not inflate past the packet limit. */
    @Test
    void decompressionBombIsBoundedByMaxPacket() throws IOException {
        byte[] plain = new byte[4 * PacketReader.MAX_PACKET];
        plain[0] = (byte) MessageNumbers.IGNORE;
        Deflater d = new Deflater();
        d.setInput(plain);
        byte[] buf = new byte[64 * 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        assertThat(n).isLessThan(8 * 1024); // the bomb: ~1 KiB on the wire
        byte[] compressed = java.util.Arrays.copyOf(buf, n);
        int padding = 8 - ((5 + compressed.length) % 8);
        if (padding < 4) padding += 8;
        byte[] packet = new SshWriter().writeInt(1 + compressed.length + padding).writeByte(padding).writeRaw(compressed)
                .writeRaw(new byte[padding]).toByteArray();
        PacketReader r = new PacketReader(new ByteArrayInputStream(packet), PacketCiphers.none());
        r.enableCompression();
        assertThatThrownBy(r::read).isInstanceOf(SshProtocolException.class).hasMessageContaining("decompressed packet too large");
    }

    /** The same reader inflates a packet just under the limit: the bound is the limit, not a refusal of compression. */
    @Test
    void compressedPacketUnderTheLimitInflates() throws IOException {
        byte[] plain = new byte[PacketReader.MAX_PACKET - 1024];
        plain[0] = (byte) MessageNumbers.IGNORE;
        Deflater d = new Deflater();
        d.setInput(plain);
        byte[] buf = new byte[64 * 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        int padding = 8 - ((5 + n) % 8);
        if (padding < 4) padding += 8;
        byte[] packet = new SshWriter().writeInt(1 + n + padding).writeByte(padding).writeRaw(java.util.Arrays.copyOf(buf, n))
                .writeRaw(new byte[padding]).toByteArray();
        PacketReader r = new PacketReader(new ByteArrayInputStream(packet), PacketCiphers.none());
        r.enableCompression();
        assertThat(r.read()).hasSize(plain.length);
    }
}

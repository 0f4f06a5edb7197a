package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The classic transport-layer attacks, each against Seashell's server or client, named after its CVE. */
class TransportAttackTest {
    static SshServer server;

    @BeforeAll
    static void start() throws IOException {
        SshKeyPair host = KeyGen.generate("ed25519", 0);
        server = SshServer.builder().port(0).hostKey(host).publicKeys((u, k, a) -> false)
                .sessions((u, r, l) -> TransportMatrixTest.ECHO).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Reads until the server's DISCONNECT (returned) or EOF (null), skipping its KEXINIT. */
    static byte[] awaitDisconnect(RawPeer p) throws IOException {
        for (int i = 0; i < 10; i++) {
            byte[] m = p.readPacket();
            if (m == null) return null;
            if ((m[0] & 0xff) == MessageNumbers.DISCONNECT) return m;
        }
        throw new AssertionError("no disconnect");
    }

    static int reason(byte[] disconnect) throws IOException {
        SshReader r = new SshReader(disconnect);
        r.readByte();
        return r.readInt();
    }

    @Test
    void cve_2023_48795_terrapin_messageBeforeKexInitUnderStrictKex() throws IOException {
        try (RawPeer p = RawPeer.connect(server.port())) {
            p.sendVersion("SSH-2.0-Raw");
            assertThat(p.readVersion()).startsWith("SSH-2.0-");
            p.sendPacket(new SshWriter().writeByte(MessageNumbers.IGNORE).writeString("x").toByteArray());
            p.sendPacket(RawPeer.kexInit(List.of("curve25519-sha256", Algorithms.KEX_STRICT_C), List.of("ssh-ed25519")));
            byte[] d = awaitDisconnect(p);
            assertThat(d).isNotNull();
            assertThat(reason(d)).isEqualTo(2);
            assertThat(new SshReader(d, 5, d.length - 5).readString()).contains("strict KEX");
        }
    }

    @Test
    void cve_2023_48795_terrapin_ignoreDuringStrictInitialKex() throws IOException {
        try (RawPeer p = RawPeer.connect(server.port())) {
            p.sendVersion("SSH-2.0-Raw");
            p.readVersion();
            p.sendPacket(RawPeer.kexInit(List.of("curve25519-sha256", Algorithms.KEX_STRICT_C), List.of("ssh-ed25519")));
            p.sendPacket(new SshWriter().writeByte(MessageNumbers.IGNORE).writeString("x").toByteArray());
            byte[] d = awaitDisconnect(p);
            assertThat(d).isNotNull();
            assertThat(reason(d)).isEqualTo(2);
        }
    }

    @Test
    void nonKexMessageDuringInitialKexIsRefusedEvenWithoutStrictKex() throws IOException {
        try (RawPeer p = RawPeer.connect(server.port())) {
            p.sendVersion("SSH-2.0-Raw");
            p.readVersion();
            p.sendPacket(RawPeer.kexInit(List.of("curve25519-sha256"), List.of("ssh-ed25519")));
            p.sendPacket(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
            byte[] d = awaitDisconnect(p);
            assertThat(d).isNotNull();
            assertThat(reason(d)).isEqualTo(2);
        }
    }

    @Test
    void cve_2024_43410_packetLengthOf2To32Minus1() throws IOException {
        try (RawPeer p = RawPeer.connect(server.port())) {
            p.sendVersion("SSH-2.0-Raw");
            p.readVersion();
            p.out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0});
            p.out.flush();
            byte[] d = awaitDisconnect(p);
            assertThat(d).isNotNull();
            assertThat(reason(d)).isEqualTo(2);
        }
    }

    @Test
    void sshOneIsRefused() throws IOException {
        try (RawPeer p = RawPeer.connect(server.port())) {
            p.sendVersion("SSH-1.5-Old");
            p.readVersion();
            assertThat(awaitDisconnect(p)).satisfies(d -> assertThat(d == null || reason(d) == 8).isTrue());
        }
    }

    /** Completes the real handshake as a client, so the attack happens inside the encrypted transport. */
    static Transport handshaken(Socket s) throws IOException {
        Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, TransportConfig.defaults(), k -> { });
        t.handshake();
        return t;
    }

    /** libssh CVE-2018-10933: a client claiming USERAUTH_SUCCESS for itself. */
    @Test
    void cve_2018_10933_userauthSuccessSentByTheClient() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            Transport t = handshaken(s);
            t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-userauth").toByteArray());
            assertThat(t.readPacket()[0]).isEqualTo((byte) MessageNumbers.SERVICE_ACCEPT);
            t.send(new byte[] {(byte) MessageNumbers.USERAUTH_SUCCESS});
            t.send(new SshWriter().writeByte(MessageNumbers.CHANNEL_OPEN).writeString("session").writeInt(0)
                    .writeInt(1 << 20).writeInt(32768).toByteArray());
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class)
                    .satisfies(e -> assertThat(((PeerDisconnectedException) e).reasonCode()).isEqualTo(2));
        }
    }

    /** Paramiko CVE-2018-7750: a channel opened without authenticating at all. */
    @Test
    void cve_2018_7750_channelOpenBeforeAuthentication() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            Transport t = handshaken(s);
            t.send(new SshWriter().writeByte(MessageNumbers.CHANNEL_OPEN).writeString("session").writeInt(0)
                    .writeInt(1 << 20).writeInt(32768).toByteArray());
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class);
        }
    }

    @Test
    void serviceRequestForTheConnectionLayerBeforeAuthentication() throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            Transport t = handshaken(s);
            t.send(new SshWriter().writeByte(MessageNumbers.SERVICE_REQUEST).writeString("ssh-connection").toByteArray());
            assertThatThrownBy(t::readPacket).isInstanceOf(PeerDisconnectedException.class)
                    .satisfies(e -> assertThat(((PeerDisconnectedException) e).reasonCode()).isEqualTo(7));
        }
    }

    /** A server that injects EXT_INFO into the key exchange, before NEWKEYS (AsyncSSH CVE-2023-46445 class). */
    @Test
    void cve_2023_46445_extInfoBeforeNewKeysIsRefusedByTheClient() throws Exception {
        try (ServerSocket ss = new ServerSocket(0)) {
            Thread rogue = Thread.ofVirtual().start(() -> {
                try (Socket s = ss.accept(); RawPeer p = new RawPeer(s)) {
                    p.sendVersion("SSH-2.0-Rogue");
                    p.readVersion();
                    p.sendPacket(RawPeer.kexInit(List.of("curve25519-sha256", Algorithms.KEX_STRICT_S, Algorithms.EXT_INFO_S),
                            List.of("ssh-ed25519")));
                    p.sendPacket(new SshWriter().writeByte(MessageNumbers.EXT_INFO).writeInt(1)
                            .writeString("server-sig-algs").writeString("ssh-rsa").toByteArray());
                    while (p.readPacket() != null) { /* drain until the client hangs up */ }
                } catch (IOException ignored) {
                    // the client hung up
                }
            });
            try (Socket s = new Socket("127.0.0.1", ss.getLocalPort())) {
                TransportConfig c = TransportConfig.defaults().withCiphers(List.of("aes128-ctr")).withMacs(List.of("hmac-sha2-256"));
                Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, c, k -> { });
                assertThatThrownBy(t::handshake).isInstanceOf(SshProtocolException.class)
                        .hasMessageContaining("during key exchange");
            }
            rogue.join(10_000);
        }
    }
}

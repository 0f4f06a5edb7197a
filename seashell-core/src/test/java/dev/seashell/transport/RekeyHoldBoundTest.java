package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.wire.DisconnectReason;
import dev.seashell.wire.MessageNumbers;
import dev.seashell.wire.SshProtocolException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The messages a transport holds back while a key exchange it started is in progress are bounded:
 * application writers wait (backpressure) at {@link Transport#MAX_DEFERRED}, and the reader
 * thread's replies, which cannot wait, end the connection with PROTOCOL_ERROR at
 * {@link Transport#MAX_HELD}. The peer is a second Transport that keeps sending but does not read,
 * so it never answers our KEXINIT: the key exchange stays in progress for as long as the test wants.
 * The same bound holds for replies queued behind an application writer stuck on a full socket.
 */
@Timeout(60)
class RekeyHoldBoundTest {
    /** "us" is the server transport under test, "peer" the client: both past the first exchange and authenticated. */
    private record Pair(Transport us, Transport peer, TransportPair pair) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            pair.close();
        }
    }

    private static Pair connect() throws Exception {
        TransportPair p = TransportPair.handshaken().authenticated();
        return new Pair(p.server(), p.client(), p);
    }

    private static byte[] globalRequest(int n, boolean wantReply) {
        return new SshWriter(32).writeByte(MessageNumbers.GLOBAL_REQUEST).writeString("seq@test").writeBoolean(wantReply)
                .writeInt(n).toByteArray();
    }

    /** The peer floods want-reply requests from its own thread until told to stop or the connection dies. */
    private static Thread flood(Transport peer, int count) {
        return Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < count; i++) peer.send(globalRequest(i, true));
            } catch (IOException e) {
                // our side hung up, as it should
            }
        });
    }

    @Test
    void repliesHeldByTheReaderOverflowIntoAProtocolErrorDisconnect() throws Exception {
        try (Pair p = connect()) {
            p.us().requestRekey(); // our KEXINIT goes out; the peer never reads it
            Thread flooder = flood(p.peer(), Transport.MAX_HELD + 100);
            byte[] reply = {(byte) MessageNumbers.REQUEST_FAILURE};
            AtomicInteger answered = new AtomicInteger();
            int maxSeen = 0;
            SshProtocolException overflow = null;
            for (int i = 0; i < Transport.MAX_HELD + 100 && overflow == null; i++) {
                try {
                    byte[] m = p.us().readPacket();
                    assertThat(m[0] & 0xff).isEqualTo(MessageNumbers.GLOBAL_REQUEST);
                    p.us().send(reply);
                    answered.incrementAndGet();
                } catch (SshProtocolException e) {
                    overflow = e;
                }
                maxSeen = Math.max(maxSeen, p.us().heldForKex());
            }
            assertThat(overflow).as("the held replies must overflow").isNotNull();
            assertThat(overflow.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(overflow).hasMessageContaining("too many messages held during key exchange");
            // Exactly MAX_HELD replies were held; the next one ended the connection.
            assertThat(answered.get()).isEqualTo(Transport.MAX_HELD);
            assertThat(maxSeen).isEqualTo(Transport.MAX_HELD);
            assertThat(p.us().heldForKex()).isEqualTo(Transport.MAX_HELD);
            // Any later read fails the same way: the reader does not carry on past the bound.
            assertThatThrownBy(p.us()::readPacket).isSameAs(overflow);

            p.us().disconnect(overflow.reason(), overflow.getMessage());
            assertThat(p.us().isClosed()).isTrue();
            // The peer reads our KEXINIT, starts its half of the exchange, then finds our DISCONNECT.
            CompletableFuture<Throwable> peerSees = CompletableFuture.supplyAsync(() -> {
                try {
                    for (int i = 0; i < 10; i++) p.peer().readPacket();
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            Throwable seen = peerSees.get(30, TimeUnit.SECONDS);
            assertThat(seen).isInstanceOf(PeerDisconnectedException.class);
            assertThat(((PeerDisconnectedException) seen).reasonCode()).isEqualTo(DisconnectReason.PROTOCOL_ERROR.code);
            assertThat(((PeerDisconnectedException) seen).description()).contains("too many messages held");
            p.peer().close(); // releases a flooder waiting for the peer's own (now dead) key exchange
            flooder.join(30_000);
            assertThat(flooder.isAlive()).isFalse();
        }
    }

    @Test
    void applicationWritersWaitAtTheSoftBoundAndEverythingArrivesInOrderAfterNewKeys() throws Exception {
        try (Pair p = connect()) {
            // Our reader runs on its own thread from here on, so the key exchange can complete later.
            Thread ourReader = Thread.ofVirtual().start(() -> {
                try {
                    while (true) p.us().readPacket();
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            p.us().requestRekey();
            int total = Transport.MAX_DEFERRED + 500;
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < total; i++) p.us().send(globalRequest(i, false));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            // Bounded poll: the writer fills the holder up to the soft bound, then waits.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (p.us().heldForKex() < Transport.MAX_DEFERRED && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            assertThat(p.us().heldForKex()).isEqualTo(Transport.MAX_DEFERRED);
            assertThat(writing).isNotDone();
            // Still exactly at the bound a moment later: the writer is held back, not the limit exceeded.
            for (int i = 0; i < 1000; i++) assertThat(p.us().heldForKex()).isEqualTo(Transport.MAX_DEFERRED);
            assertThat(writing).isNotDone();

            // The peer starts reading: it answers our KEXINIT, the exchange completes, the held messages flow.
            CompletableFuture<List<Integer>> received = CompletableFuture.supplyAsync(() -> {
                List<Integer> seq = new ArrayList<>();
                try {
                    while (seq.size() < total) {
                        SshReader r = new SshReader(p.peer().readPacket());
                        assertThat(r.readByte()).isEqualTo(MessageNumbers.GLOBAL_REQUEST);
                        r.readString();
                        r.readBoolean();
                        seq.add(r.readInt());
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
                return seq;
            });
            List<Integer> seq = received.get(60, TimeUnit.SECONDS);
            writing.get(60, TimeUnit.SECONDS);
            assertThat(seq).hasSize(total);
            for (int i = 0; i < total; i++) assertThat(seq.get(i)).isEqualTo(i);
            assertThat(p.us().heldForKex()).isZero();
            p.close();
            ourReader.join(30_000);
            assertThat(ourReader.isAlive()).isFalse();
        }
    }

    @Test
    void repliesQueuedBehindAWriterStuckOnAPeerThatDoesNotReadAreBounded() throws Exception {
        try (Pair p = connect()) {
            // An application thread writes until the socket is full (the peer never reads): it blocks holding the write lock.
            byte[] big = new SshWriter(33 * 1024).writeByte(MessageNumbers.GLOBAL_REQUEST).writeString("big@test").writeBoolean(false)
                    .writeBytes(new byte[32 * 1024]).toByteArray();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 100_000; i++) p.us().send(big);
                } catch (IOException e) {
                    // the connection is torn down at the end
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (writer.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            assertThat(writer.getState()).as("writer blocked on the full socket").isEqualTo(Thread.State.WAITING);

            Thread flooder = flood(p.peer(), Transport.MAX_HELD * 2);
            byte[] reply = {(byte) MessageNumbers.REQUEST_FAILURE};
            int maxQueued = 0;
            SshProtocolException overflow = null;
            int answered = 0;
            for (int i = 0; i < Transport.MAX_HELD * 2 && overflow == null; i++) {
                try {
                    p.us().readPacket();
                    p.us().send(reply);
                    answered++;
                } catch (SshProtocolException e) {
                    overflow = e;
                }
                maxQueued = Math.max(maxQueued, p.us().queuedFromReader());
            }
            assertThat(overflow).as("the queued replies must overflow").isNotNull();
            assertThat(overflow.reason()).isEqualTo(DisconnectReason.PROTOCOL_ERROR);
            assertThat(overflow).hasMessageContaining("does not read");
            assertThat(answered).isEqualTo(Transport.MAX_HELD);
            assertThat(maxQueued).isEqualTo(Transport.MAX_HELD);
            assertThatThrownBy(p.us()::readPacket).isSameAs(overflow);
            p.close();
            writer.join(30_000);
            flooder.join(30_000);
            assertThat(writer.isAlive()).isFalse();
            assertThat(flooder.isAlive()).isFalse();
        }
    }
}

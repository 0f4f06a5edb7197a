package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Multiplexing, flow control and channel lifecycle over an in-memory pair of layers. */
@Timeout(60)
class ChannelFlowTest {

    /** Server channel type "echo": copies everything back, then EOF and CLOSE. */
    static void registerEcho(ConnectionLayer server) {
        server.registerChannelType("echo", incoming -> {
            Channel ch;
            try {
                ch = incoming.accept(null);
            } catch (ChannelOpenException e) {
                return;
            }
            Thread.ofVirtual().start(() -> {
                try (OutputStream out = ch.outputStream()) {
                    ch.inputStream().transferTo(out);
                } catch (IOException ignored) {
                    // test fails on the client side
                } finally {
                    ch.close();
                }
            });
        });
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Thread writeThenEof(Channel ch, byte[] data) {
        return Thread.ofVirtual().start(() -> {
            try (OutputStream out = ch.outputStream()) {
                for (int off = 0; off < data.length; off += 50_000) out.write(data, off, Math.min(50_000, data.length - off));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void hundredChannelsAtOnceEachMoveOneMebibyteExactly() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            registerEcho(pair.server);
            int n = 100;
            List<Thread> clients = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch allOpen = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                long seed = i;
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        byte[] data = random(1 << 20, seed);
                        Channel ch = pair.client.openChannel("echo", new byte[0], null);
                        allOpen.countDown();
                        writeThenEof(ch, data);
                        byte[] back = ch.inputStream().readAllBytes();
                        assertThat(back).isEqualTo(data);
                        assertThat(ch.awaitClosed(Duration.ofSeconds(30))).isTrue();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                        allOpen.countDown();
                    }
                }));
            }
            assertThat(allOpen.await(30, TimeUnit.SECONDS)).isTrue();
            for (Thread t : clients) t.join();
            assertThat(failure.get()).isNull();
            assertThat(pair.protocolError.get()).isNull();
            assertThat(pair.client.channelCount()).isZero();
        }
    }

    @Test
    void aConsumerThatDoesNotReadBlocksTheSenderOnceItsBufferIsFull() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            // What the receiver buffers at most: its window plus the adjusts it sends ahead of the consumer.
            int capacity = 2 * ConnectionConfig.DEFAULT_WINDOW;
            byte[] data = random(3 * capacity + 12345, 42);
            AtomicReference<Channel> serverSide = new AtomicReference<>();
            AtomicLong written = new AtomicLong();
            CountDownLatch writerDone = new CountDownLatch(1);
            pair.server.registerChannelType("source", incoming -> {
                try {
                    Channel ch = incoming.accept(null);
                    serverSide.set(ch);
                    Thread.ofVirtual().start(() -> {
                        try (OutputStream out = ch.outputStream()) {
                            for (int off = 0; off < data.length; off += 8192) {
                                int k = Math.min(8192, data.length - off);
                                out.write(data, off, k);
                                written.addAndGet(k);
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        } finally {
                            writerDone.countDown();
                        }
                    });
                } catch (ChannelOpenException e) {
                    throw new IllegalStateException(e);
                }
            });
            Channel ch = pair.client.openChannel("source", new byte[0], null);

            // Wait (bounded) until the server's writer is parked on the exhausted window.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!(serverSide.get() != null && serverSide.get().remoteWindow().hasWaiters()
                    && ch.inbound().bufferedBytes() == capacity)) {
                assertThat(System.nanoTime()).as("writer never blocked").isLessThan(deadline);
                Thread.onSpinWait();
                Thread.yield();
            }
            assertThat(serverSide.get().remoteWindow().available()).isZero();
            assertThat(writerDone.await(300, TimeUnit.MILLISECONDS)).as("writer must still be blocked").isFalse();
            assertThat(written.get()).isLessThanOrEqualTo(capacity + 8192L);
            assertThat(ch.inbound().highWater()).isLessThanOrEqualTo(capacity);

            // Reading opens the window again; everything arrives intact and the writer finishes.
            byte[] back = ch.inputStream().readAllBytes();
            assertThat(back).isEqualTo(data);
            assertThat(writerDone.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ch.inbound().highWater()).isLessThanOrEqualTo(capacity);
            assertThat(pair.protocolError.get()).isNull();
        }
    }

    @Test
    void halfCloseKeepsReceivingAfterOurEof() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            CountDownLatch gotEof = new CountDownLatch(1);
            CountDownLatch replySent = new CountDownLatch(1);
            pair.server.registerChannelType("late", incoming -> {
                try {
                    Channel ch = incoming.accept(null);
                    Thread.ofVirtual().start(() -> {
                        try {
                            assertThat(ch.inputStream().read()).isEqualTo(-1);
                            gotEof.countDown();
                            ch.outputStream().write("after your eof".getBytes());
                            replySent.countDown();
                            ch.outputStream().close();
                            ch.close();
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    });
                } catch (ChannelOpenException e) {
                    throw new IllegalStateException(e);
                }
            });
            Channel ch = pair.client.openChannel("late", new byte[0], null);
            ch.sendEof();
            assertThat(gotEof.await(10, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> ch.outputStream().write(1)).isInstanceOf(IOException.class);
            assertThat(new String(ch.inputStream().readAllBytes())).isEqualTo("after your eof");
            assertThat(ch.awaitClosed(Duration.ofSeconds(10))).isTrue();
            assertThat(pair.client.channelCount()).isZero();
            // The server frees its side when our CLOSE reaches it, a moment after ours returned: poll, bounded.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pair.server.channelCount() != 0 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(pair.server.channelCount()).isZero();
        }
    }

    @Test
    void readTimeoutIsReportedAndDoesNotBreakTheChannel() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            registerEcho(pair.server);
            Channel ch = pair.client.openChannel("echo", new byte[0], null);
            ch.inputStream().setReadTimeout(Duration.ofMillis(50));
            assertThatThrownBy(() -> ch.inputStream().read()).isInstanceOf(java.io.InterruptedIOException.class);
            ch.outputStream().write(7);
            ch.inputStream().setReadTimeout(Duration.ofSeconds(10));
            assertThat(ch.inputStream().read()).isEqualTo(7);
            ch.close();
            assertThat(ch.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void openOfUnknownTypeFailsWithReasonThree() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            assertThatThrownBy(() -> pair.client.openChannel("no-such-type@example.com", new byte[0], null))
                    .isInstanceOfSatisfying(ChannelOpenException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.UNKNOWN_CHANNEL_TYPE));
            assertThat(pair.client.channelCount()).isZero();
            assertThat(pair.protocolError.get()).isNull();
        }
    }

    @Test
    void openingBeyondTheChannelBoundFailsCleanly() throws Exception {
        ConnectionConfig client = ConnectionConfig.defaults().withMaxChannels(3);
        ConnectionConfig server = ConnectionConfig.defaults().withMaxChannels(2);
        try (LayerPair pair = new LayerPair(client, server)) {
            registerEcho(pair.server);
            Channel a = pair.client.openChannel("echo", new byte[0], null);
            Channel b = pair.client.openChannel("echo", new byte[0], null);
            // the server's bound: refused remotely with RESOURCE_SHORTAGE
            assertThatThrownBy(() -> pair.client.openChannel("echo", new byte[0], null))
                    .isInstanceOfSatisfying(ChannelOpenException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.RESOURCE_SHORTAGE));
            a.close();
            assertThat(a.awaitClosed(Duration.ofSeconds(10))).isTrue();
            // a freed slot can be used again, and the open channel still works
            Channel c = pair.client.openChannel("echo", new byte[0], null);
            b.outputStream().write(new byte[] {1, 2});
            assertThat(b.inputStream().readNBytes(2)).containsExactly(1, 2);
            b.close();
            c.close();
            assertThat(b.awaitClosed(Duration.ofSeconds(10)) && c.awaitClosed(Duration.ofSeconds(10))).isTrue();
        }
        try (LayerPair pair = new LayerPair(client, ConnectionConfig.defaults())) {
            registerEcho(pair.server);
            for (int i = 0; i < 3; i++) pair.client.openChannel("echo", new byte[0], null);
            // our own bound: refused locally, nothing sent
            assertThatThrownBy(() -> pair.client.openChannel("echo", new byte[0], null))
                    .isInstanceOfSatisfying(ChannelOpenException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.RESOURCE_SHORTAGE));
            assertThat(pair.server.channelCount()).isEqualTo(3);
            assertThat(pair.protocolError.get()).isNull();
        }
    }

    @Test
    void keepaliveGetsFailureAndRegisteredRequestsSucceedInOrder() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            pair.server.registerGlobalRequest("echo@test", (name, data) -> Optional.of(data));
            assertThat(pair.client.globalRequest("keepalive@openssh.com", new byte[0])).isEmpty();
            assertThat(pair.client.globalRequest("echo@test", new byte[] {5})).hasValueSatisfying(
                    d -> assertThat(d).containsExactly(5));
            // several outstanding at once: replies are matched in order
            List<Thread> ts = new ArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < 20; i++) {
                byte b = (byte) i;
                boolean known = i % 2 == 0;
                ts.add(Thread.ofVirtual().start(() -> {
                    try {
                        Optional<byte[]> r = pair.client.globalRequest(known ? "echo@test" : "nope", new byte[] {b});
                        if (known) assertThat(r).hasValueSatisfying(d -> assertThat(d).containsExactly(b));
                        else assertThat(r).isEmpty();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Thread t : ts) t.join();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void transportFailureWakesBlockedReadersAndWriters() throws Exception {
        LayerPair pair = new LayerPair();
        registerEcho(pair.server);
        Channel ch = pair.client.openChannel("echo", new byte[0], null);
        AtomicReference<Throwable> readerSaw = new AtomicReference<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                ch.extendedInputStream().read();
            } catch (IOException e) {
                readerSaw.set(e);
            }
        });
        pair.close();
        reader.join(10_000);
        assertThat(readerSaw.get()).isInstanceOf(IOException.class);
        assertThat(ch.isClosed()).isTrue();
        assertThatThrownBy(() -> pair.client.openChannel("echo", new byte[0], null)).isInstanceOf(IOException.class);
    }
}

package dev.seashell.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {
    @TempDir
    Path tmp;

    @Test
    void descriptorsPassedWithScmRightsReachThePeer() throws IOException {
        UnixSocket[] pair = UnixSocket.pair(tmp);
        int[] pipe = Posix.pipe();
        try {
            pair[0].sendFd(pipe[1]);
            int received = pair[1].receiveFd();
            assertThat(received).isNotEqualTo(pipe[1]).isGreaterThan(2);
            byte[] msg = "through a passed fd".getBytes(StandardCharsets.UTF_8);
            Posix.write(received, msg, 0, msg.length);
            Posix.close(received);
            Posix.close(pipe[1]);
            byte[] buf = new byte[64];
            int n = Posix.read(pipe[0], buf, 0, buf.length);
            assertThat(new String(buf, 0, n, StandardCharsets.UTF_8)).isEqualTo("through a passed fd");
            assertThat(Posix.read(pipe[0], buf, 0, buf.length)).as("EOF once every copy is closed").isZero();
        } finally {
            Posix.close(pipe[0]);
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void receivingWithoutADescriptorFails() throws IOException {
        UnixSocket[] pair = UnixSocket.pair(tmp);
        try {
            pair[0].outputStream().write(0);
            assertThatThrownBy(pair[1]::receiveFd).isInstanceOf(IOException.class).hasMessageContaining("SCM_RIGHTS");
        } finally {
            pair[0].close();
            pair[1].close();
        }
    }

    @Test
    void listenerSocketIsPrivateAndRemovedOnClose() throws IOException {
        Path p = tmp.resolve("ctl");
        try (UnixSocket.Listener l = UnixSocket.Listener.bind(p)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
        assertThat(p).doesNotExist();
    }

    @Test
    void connectDistinguishesMissingFromStale() throws IOException {
        Path missing = tmp.resolve("none");
        assertThatThrownBy(() -> UnixSocket.connect(missing)).isInstanceOf(NoSuchFileException.class);
        Path stale = tmp.resolve("stale");
        int fd = Posix.socket();
        Posix.bind(fd, stale.toString());
        Posix.close(fd); // a master that died: the file stays, nobody listens
        assertThatThrownBy(() -> UnixSocket.connect(stale)).isInstanceOf(ConnectException.class);
        assertThat(MuxMaster.isStale(stale)).isTrue();
    }

    @Test
    void closingWakesABlockedReaderWithEof() throws Exception {
        UnixSocket[] pair = UnixSocket.pair(tmp);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pair[1].inputStream().read();
            } catch (IOException e) {
                return -2;
            }
        }, r -> Thread.ofPlatform().start(r));
        pair[0].close();
        assertThat(read.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        pair[1].close();
        long t0 = System.nanoTime();
        int[] pipe = Posix.pipe();
        FdInputStream in = new FdInputStream(pipe[0], true);
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                return -2;
            }
        }, r -> Thread.ofPlatform().start(r));
        in.close(); // the writer end stays open: only close() can end this read
        assertThat(blocked.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
        Posix.close(pipe[1]);
    }
}

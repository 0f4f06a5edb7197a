package dev.seashell.forwarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spliced socket's TCP_NODELAY: set on TCP sockets (both ends of a forward), harmless elsewhere. */
class SpliceNoDelayTest {
    @Test
    void setsNoDelayOnAcceptedAndConnectedTcpSockets() throws Exception {
        try (ServerSocketChannel ss = ServerSocketChannel.open()) {
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel out = SocketChannel.open(ss.getLocalAddress()); SocketChannel in = ss.accept()) {
                assertThat(in.getOption(StandardSocketOptions.TCP_NODELAY)).isFalse(); // the default we change
                Splice.noDelay(in);
                Splice.noDelay(out);
                assertThat(in.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
                assertThat(out.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            }
        }
    }

    @Test
    void leavesUnixSocketsAndClosedSocketsAlone(@TempDir Path dir) throws Exception {
        var path = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel ss = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ss.bind(path);
            try (SocketChannel out = SocketChannel.open(path); SocketChannel in = ss.accept()) {
                assertThatCode(() -> Splice.noDelay(in)).doesNotThrowAnyException();
                out.close();
                in.close();
                assertThatCode(() -> Splice.noDelay(in)).doesNotThrowAnyException();
            }
        }
    }
}

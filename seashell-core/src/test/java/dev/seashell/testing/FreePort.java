package dev.seashell.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a currently free TCP port on the loopback interface. The port is released before
 * returning, so another process may grab it first; callers that start a server on it should
 * retry with a new port on "address already in use" (as {@link OpenSshServer} does).
 */
public final class FreePort {
    private FreePort() {}

    /** A free port on 127.0.0.1, chosen by the kernel from the ephemeral range. */
    public static int pick() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind an ephemeral loopback port", e);
        }
    }
}

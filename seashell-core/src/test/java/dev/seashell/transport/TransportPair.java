package dev.seashell.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.wire.MessageNumbers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server and a client Transport over loopback, past the first key exchange; the server's
 * handshake runs on the calling thread (so it is the server's reader thread). Closing the server
 * only shuts its output, so the client reads a DISCONNECT followed by a FIN rather than a reset
 * caused by data still unread on the server's side.
 */
record TransportPair(Transport server, Transport client, Socket serverSocket, Socket clientSocket) implements AutoCloseable {
    private static final SshKeyPair HOST_KEY = KeyGen.generate("ed25519", 0);

    static TransportPair handshaken() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (ServerSocket ss = new ServerSocket(0, 1, lo)) {
            Socket c = new Socket(lo, ss.getLocalPort());
            Socket s = ss.accept();
            Transport server = Transport.server(s.getInputStream(), s.getOutputStream(), s::shutdownOutput,
                    TransportConfig.defaults(), List.of(HOST_KEY));
            Transport client = Transport.client(c.getInputStream(), c.getOutputStream(), c, TransportConfig.defaults(), k -> { });
            CompletableFuture<Void> clientHandshake = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    client.handshake();
                    clientHandshake.complete(null);
                } catch (Throwable e) {
                    clientHandshake.completeExceptionally(e);
                }
            });
            server.handshake();
            clientHandshake.get(30, TimeUnit.SECONDS);
            return new TransportPair(server, client, s, c);
        }
    }

    /** As after a login: the server sends USERAUTH_SUCCESS, the client reads it (and the EXT_INFO before it). */
    TransportPair authenticated() throws IOException {
        server.send(new byte[] {(byte) MessageNumbers.USERAUTH_SUCCESS});
        server.authenticated();
        assertThat(client.readPacket()[0]).isEqualTo((byte) MessageNumbers.USERAUTH_SUCCESS);
        client.authenticated();
        return this;
    }

    @Override
    public void close() throws IOException {
        server.close();
        client.close();
        serverSocket.close();
        clientSocket.close();
    }
}

package dev.seashell.examples;

import dev.seashell.client.SshClient;
import dev.seashell.forwarding.LocalForward;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code ssh -L}: reaches a service that only the server can see (here a line-based TCP service
 * at {@code targetHost:targetPort}, as the server resolves it) through a local port.
 * Usage: {@code LocalForwardExample host port user targetHost targetPort message}.
 */
public final class LocalForwardExample {
    private LocalForwardExample() {}

    /** Opens the forward on a free local port, sends one line through it and returns the reply line. */
    public static String talk(SshClient ssh, String targetHost, int targetPort, String line) throws IOException {
        try (LocalForward forward = ssh.forwardLocal(0, targetHost, targetPort);
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.port())) {
            socket.setSoTimeout(30_000);
            var out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.println(line);
            return in.readLine();
        }
    }

    /** Runs the example with the arguments in the class comment. */
    public static void main(String[] args) throws IOException {
        Path dotSsh = Path.of(System.getProperty("user.home"), ".ssh");
        try (SshClient ssh = SshClient.builder(args[0], Integer.parseInt(args[1])).user(args[2])
                .identity(dotSsh.resolve("id_ed25519")).connect()) {
            System.out.println(talk(ssh, args[3], Integer.parseInt(args[4]), args[5]));
        }
    }
}

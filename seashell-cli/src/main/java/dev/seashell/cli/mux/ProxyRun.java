package dev.seashell.cli.mux;

import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ConnectionConfig;
import dev.seashell.mux.MuxClient;
import dev.seashell.mux.ProxyLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ssh -O proxy: the session runs over the master's socket in proxy mode (PROTOCOL.mux §9), this
 * process speaking the connection protocol itself. No pty and no escapes here (as a passenger
 * session has them); the remote exit status becomes ssh's.
 */
final class ProxyRun {
    private static final int FAILURE = 255;

    private ProxyRun() {}

    static int run(Path socket, String command, boolean stdinNull, boolean subsystem) {
        try (MuxClient c = MuxClient.connect(socket); ProxyLink link = c.proxy(ConnectionConfig.defaults());
                ClientSession s = ClientSession.open(link.layer())) {
            if (subsystem) s.subsystem(command);
            else if (command.isEmpty()) s.shell();
            else s.exec(command);
            if (stdinNull) s.stdin().close();
            else Thread.ofVirtual().name("proxy-stdin").start(() -> copy(System.in, s.stdin(), true));
            Thread err = Thread.ofVirtual().name("proxy-stderr").start(() -> copy(s.stderr(), System.err, false));
            copy(s.stdout(), System.out, false);
            err.join(Duration.ofSeconds(10));
            return s.exitStatus(Duration.ofSeconds(10)).orElse(FAILURE);
        } catch (IOException e) {
            System.err.println("mux proxy " + socket + ": " + e.getMessage());
            return FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILURE;
        }
    }

    private static void copy(InputStream in, OutputStream out, boolean closeAfter) {
        try {
            byte[] buf = new byte[32 * 1024];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            if (closeAfter) out.close();
        } catch (IOException e) {
            // either side closed
        }
    }
}

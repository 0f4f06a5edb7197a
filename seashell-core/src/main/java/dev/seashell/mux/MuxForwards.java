package dev.seashell.mux;

import dev.seashell.client.SshClient;
import dev.seashell.forwarding.Endpoint;
import dev.seashell.forwarding.ForwardingClient;
import dev.seashell.forwarding.RemoteForward;
import dev.seashell.mux.MuxMessage.Forward;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * MUX_C_OPEN_FWD / MUX_C_CLOSE_FWD served with {@code dev.seashell.forwarding}: -L, -R and -D
 * requested by mux clients (ssh -O forward / -O cancel) on the master's connection. A forward
 * asked for twice is reported as already there, as OpenSSH does.
 */
public final class MuxForwards implements MuxMaster.Forwarder {
    private final SshClient client;
    private final boolean gatewayPorts;
    private final Consumer<String> log;
    private final Map<Forward, AutoCloseable> open = new ConcurrentHashMap<>();
    private ForwardingClient forwarding;

    /** @param gatewayPorts GatewayPorts: a local listener without a bind address listens on every interface */
    public MuxForwards(SshClient client, boolean gatewayPorts, Consumer<String> log) {
        this.client = client;
        this.gatewayPorts = gatewayPorts;
        this.log = log == null ? s -> { } : log;
    }

    /** Created on first use: a ForwardingClient claims the forwarded-tcpip channel types of the connection. */
    private synchronized ForwardingClient forwarding() {
        if (forwarding == null) forwarding = client.forwarding();
        return forwarding;
    }

    @Override
    public synchronized int open(Forward f) throws IOException {
        AutoCloseable existing = open.get(f);
        if (existing != null) return existing instanceof RemoteForward r ? r.allocatedPort() : 0;
        AutoCloseable started = switch (f.kind()) {
            case MuxMessage.FWD_LOCAL -> forwarding().local(listen(f), connect(f));
            case MuxMessage.FWD_DYNAMIC -> forwarding().dynamic(listen(f));
            case MuxMessage.FWD_REMOTE -> forwarding().remote(remoteListen(f), connect(f));
            default -> throw new IOException("Invalid forwarding request");
        };
        open.put(f, started);
        log.accept("mux: opened forward " + f);
        return started instanceof RemoteForward r && f.listenPort() == 0 ? r.allocatedPort() : 0;
    }

    @Override
    public synchronized void close(Forward f) throws IOException {
        AutoCloseable c = open.remove(f);
        if (c == null) throw new IOException("port not forwarded");
        try {
            c.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private Endpoint listen(Forward f) {
        if (f.listenPort() == MuxMessage.PORT_STREAMLOCAL) return new Endpoint.Unix(f.listenHost());
        String bind = f.listenHost().isEmpty() ? (gatewayPorts ? "*" : "localhost") : f.listenHost();
        return new Endpoint.Tcp(bind, f.listenPort());
    }

    private static Endpoint remoteListen(Forward f) {
        if (f.listenPort() == MuxMessage.PORT_STREAMLOCAL) return new Endpoint.Unix(f.listenHost());
        return new Endpoint.Tcp(f.listenHost().isEmpty() ? "localhost" : f.listenHost(), f.listenPort());
    }

    private static Endpoint connect(Forward f) throws IOException {
        if (f.connectPort() == MuxMessage.PORT_STREAMLOCAL) return new Endpoint.Unix(f.connectHost());
        if (f.connectHost().isEmpty() || f.connectPort() <= 0 || f.connectPort() > 65535) throw new IOException("missing connect host");
        return new Endpoint.Tcp(f.connectHost(), f.connectPort());
    }
}

package dev.seashell.cli;

import dev.seashell.client.SshClient;
import dev.seashell.config.SshHostConfig;
import dev.seashell.connection.ClientSession;
import dev.seashell.forwarding.AgentForwardingClient;
import dev.seashell.forwarding.X11Cookie;
import dev.seashell.forwarding.X11ForwardingClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** ssh's ForwardAgent ({@code -A}) and ForwardX11 ({@code -X}/{@code -Y}) requests on the session, in ssh's order. */
final class AgentX11 {
    private AgentX11() {}

    static void request(SshClient client, SshHostConfig host, ClientSession session, Consumer<String> debug) throws IOException {
        if (host.forwardX11()) {
            String display = System.getenv("DISPLAY");
            if (display == null || display.isEmpty()) {
                debug.accept("X11 forwarding requested but DISPLAY not set");
            } else {
                try {
                    X11Cookie.Result cookie = X11Cookie.obtain(host.xauthLocation(), display, host.forwardX11Trusted(),
                            host.forwardX11Timeout(), System.err::println, debug);
                    if (cookie != null) {
                        X11ForwardingClient x11 = X11ForwardingClient.register(client.connection(), display, cookie.cookie(),
                                line -> System.err.println(line));
                        if (cookie.refuseAfter() != null) x11.refuseAfter(cookie.refuseAfter());
                        debug.accept("Requesting X11 forwarding with authentication spoofing.");
                        if (!x11.request(session, false)) System.err.println("X11 forwarding request failed on channel 0");
                    }
                } catch (IllegalArgumentException e) {
                    debug.accept("X11 forwarding: " + e.getMessage());
                }
            }
        }
        String agent = host.forwardAgent();
        if (!agent.equals("no")) {
            String sock = agent.equals("yes") ? System.getenv("SSH_AUTH_SOCK") : agent;
            if (sock == null || sock.isEmpty()) {
                debug.accept("agent forwarding requested but no agent socket");
                return;
            }
            debug.accept("Requesting authentication agent forwarding.");
            AgentForwardingClient.register(client.connection(), Path.of(sock), debug::accept).request(session);
        }
    }
}

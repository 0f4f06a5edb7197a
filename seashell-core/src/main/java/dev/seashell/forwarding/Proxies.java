package dev.seashell.forwarding;

import dev.seashell.client.SshClient;
import dev.seashell.connection.Channel;
import java.io.IOException;
import java.util.List;

/**
 * SSH connections that do not start with a TCP connect of our own: through a jump host
 * (ProxyJump, {@code ssh -J}) or through a command's stdin and stdout (ProxyCommand).
 *
 * <pre>{@code
 * SshClient jump = SshClient.connect("bastion", 22, jumpOptions);
 * SshClient inner = Proxies.viaJump(jump, "10.0.0.5", 22, innerOptions); // closing inner closes jump
 * }</pre>
 */
public final class Proxies {
    private Proxies() {}

    /**
     * Opens a direct-tcpip channel from {@code jump} to {@code host:port} and runs SSH over it.
     * The returned client owns {@code jump}: closing it (or its failure) closes the jump connection.
     * On failure {@code jump} is closed as well.
     */
    public static SshClient viaJump(SshClient jump, String host, int port, SshClient.Options options) throws IOException {
        Channel ch;
        try {
            ch = openTunnel(jump, host, port);
        } catch (IOException | RuntimeException e) {
            jump.close();
            throw e;
        }
        AutoCloseable closer = () -> {
            ch.close();
            jump.close();
        };
        try {
            return SshClient.over(ch.inputStream(), ch.outputStream(), closer, options);
        } catch (IOException | RuntimeException e) {
            ch.close();
            jump.close();
            throw e;
        }
    }

    /** A direct-tcpip channel to {@code host:port}, named as OpenSSH's {@code -W} names it (127.0.0.1:65535). */
    public static Channel openTunnel(SshClient jump, String host, int port) throws IOException {
        // Opened on the layer directly: a ForwardingClient here would take over the connection's
        // forwarded-tcpip handler from one the caller may already have.
        return jump.connection().openChannel(ForwardingMessages.DIRECT_TCPIP,
                new ForwardingMessages.TcpipOpen(host, port, "127.0.0.1", 65535).encode(), null);
    }

    /**
     * ProxyCommand: runs {@code /bin/sh -c "exec command"} (as ssh does) and speaks SSH over its
     * stdout and stdin; its stderr goes to ours. The command is already token-expanded (see
     * {@link #expandProxyCommand}). Closing the client ends the process.
     */
    public static SshClient viaCommand(String command, SshClient.Options options) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", "exec " + command))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        AutoCloseable closer = () -> {
            try {
                p.getOutputStream().close();
            } finally {
                p.destroy();
            }
        };
        try {
            return SshClient.over(p.getInputStream(), p.getOutputStream(), closer, options);
        } catch (IOException | RuntimeException e) {
            p.destroy();
            throw e;
        }
    }

    /**
     * Expands ProxyCommand's tokens: {@code %h} host name, {@code %p} port, {@code %r} remote user,
     * {@code %n} the host as given on the command line, {@code %%} a percent sign.
     *
     * @throws IllegalArgumentException on any other token, with OpenSSH's wording
     */
    public static String expandProxyCommand(String template, String host, int port, String user, String originalHost) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '%') {
                b.append(c);
                continue;
            }
            if (++i >= template.length()) throw new IllegalArgumentException("percent_expand: invalid format \"" + template + "\"");
            char t = template.charAt(i);
            b.append(switch (t) {
                case '%' -> "%";
                case 'h' -> host;
                case 'p' -> Integer.toString(port);
                case 'r' -> user;
                case 'n' -> originalHost;
                default -> throw new IllegalArgumentException("percent_expand: unknown key %" + t);
            });
        }
        return b.toString();
    }
}

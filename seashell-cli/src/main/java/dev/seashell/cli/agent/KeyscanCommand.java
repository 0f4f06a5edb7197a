package dev.seashell.cli.agent;

import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.Transport;
import dev.seashell.transport.TransportConfig;
import dev.seashell.wire.DisconnectReason;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code seashell keyscan}: ssh-keyscan(1). For every host and key type it runs one key exchange
 * offering only that type's host key algorithms, and prints the key the server proved it holds.
 * Hosts are scanned in parallel (one virtual thread each); a host's lines stay together.
 * Certificates (-c), DNS records (-D) and security-key types are not supported.
 */
public final class KeyscanCommand {
    /** ssh-keyscan -t names and the host key algorithms each offers, in ssh-keyscan's order. */
    private static final Map<String, List<String>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("rsa", List.of("rsa-sha2-512", "rsa-sha2-256"));
        TYPES.put("ecdsa", List.of("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"));
        TYPES.put("ed25519", List.of("ssh-ed25519"));
    }

    private static final String USAGE = "usage: seashell keyscan [-46cHv] [-f file] [-p port] [-T timeout] [-t type]\n"
            + "                        [host | addrlist namelist]";

    private KeyscanCommand() {}

    public static int run(String[] args) {
        return run(args, Io.system());
    }

    private record Target(String names, String connectTo) {}

    static int run(String[] args, Io io) {
        Options o;
        try {
            o = Options.parse("seashell keyscan", "46cDHvf:p:T:t:", args);
        } catch (Options.UsageException e) {
            io.err.println(e.getMessage());
            io.err.println(USAGE);
            return 1;
        }
        if (o.has('D')) {
            io.err.println("seashell keyscan: DNS records (-D) are not supported");
            return 1;
        }
        int port = 22;
        int timeout = 5;
        try {
            if (o.last('p') != null) port = Integer.parseInt(o.last('p'));
            if (o.last('T') != null) timeout = Integer.parseInt(o.last('T'));
        } catch (NumberFormatException e) {
            io.err.println(USAGE);
            return 1;
        }
        if (port < 1 || port > 65535 || timeout < 1) {
            io.err.println(USAGE);
            return 1;
        }
        List<String> types = new ArrayList<>();
        if (o.last('t') == null) {
            types.addAll(TYPES.keySet());
        } else {
            for (String t : o.last('t').split(",")) {
                String name = t.startsWith("ssh-") ? t.substring(4) : t;
                if (name.startsWith("ecdsa-sha2-")) name = "ecdsa";
                if (!TYPES.containsKey(name)) {
                    io.err.println("seashell keyscan: unknown key type " + t);
                    return 1;
                }
                if (!types.contains(name)) types.add(name);
            }
            types.sort((a, b) -> indexOf(a) - indexOf(b));
        }
        List<Target> targets = new ArrayList<>();
        for (String host : o.operands()) targets.add(new Target(host, host.split(",")[0]));
        for (String f : o.all('f')) {
            try {
                List<String> lines = f.equals("-") ? new String(io.in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                        : Files.readAllLines(Path.of(f));
                for (String line : lines) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#")) continue;
                    String[] parts = l.split("\\s+");
                    String addr = parts[0].split(",")[0];
                    targets.add(new Target(parts.length > 1 ? parts[1] : parts[0], addr));
                }
            } catch (IOException e) {
                io.err.println("seashell keyscan: " + f + ": " + e.getMessage());
                return 1;
            }
        }
        if (targets.isEmpty()) {
            io.err.println(USAGE);
            return 1;
        }
        Family family = o.has('4') ? Family.V4 : o.has('6') ? Family.V6 : Family.ANY;
        Scan scan = new Scan(port, Duration.ofSeconds(timeout), types, o.has('H'), family, o.has('c'));
        List<Thread> threads = new ArrayList<>();
        List<StringBuilder[]> results = new ArrayList<>();
        for (Target t : targets) {
            StringBuilder[] out = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
            results.add(out);
            threads.add(Thread.ofVirtual().name("keyscan " + t.connectTo()).start(() -> scan.host(t, out)));
        }
        boolean found = false;
        for (int i = 0; i < threads.size(); i++) {
            try {
                threads.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
            StringBuilder[] out = results.get(i);
            io.err.print(out[1]);
            io.out.print(out[0]);
            if (!out[2].isEmpty()) found = true;
        }
        io.out.flush();
        io.err.flush();
        return found ? 0 : 1;
    }

    private static int indexOf(String type) {
        return new ArrayList<>(TYPES.keySet()).indexOf(type);
    }

    private enum Family { ANY, V4, V6 }

    private record Scan(int port, Duration timeout, List<String> types, boolean hash, Family family, boolean certificates) {
        /** -c: ask for the certificate algorithms of each type instead of the plain ones. */
        private List<String> algorithms(String type) {
            if (!certificates) return TYPES.get(type);
            return TYPES.get(type).stream()
                    .map(a -> dev.seashell.keys.SignatureAlgorithm.fromWireName(a).certified().wireName).toList();
        }

        /** out[0]: key lines, out[1]: stderr comments and errors, out[2]: non-empty if a key was found. */
        void host(Target t, StringBuilder[] out) {
            InetAddress addr;
            try {
                addr = resolve(t.connectTo());
            } catch (IOException e) {
                out[1].append(t.connectTo()).append(": Name or service not known\n");
                return;
            }
            for (String type : types) {
                try {
                    Result r = fetch(addr, algorithms(type));
                    out[1].append("# ").append(t.connectTo()).append(':').append(port).append(' ').append(r.version()).append('\n');
                    // ssh-keyscan prints certificates without the host names (they are not known_hosts lines).
                    if (!certificates) out[0].append(names(t.names())).append(' ');
                    out[0].append(r.key().keyType()).append(' ')
                            .append(Base64.getEncoder().encodeToString(r.key().blob())).append('\n');
                    out[2].append('y');
                } catch (java.net.ConnectException e) {
                    out[1].append(t.connectTo()).append(": Connection refused\n");
                    return;
                } catch (java.net.SocketTimeoutException e) {
                    out[1].append(t.connectTo()).append(": Connection timed out\n");
                    return;
                } catch (IOException | RuntimeException e) {
                    // The server has no key of this type (negotiation failed), as ssh-keyscan: nothing printed.
                }
            }
        }

        private InetAddress resolve(String host) throws IOException {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            for (InetAddress a : InetAddress.getAllByName(h)) {
                if (family == Family.ANY || (family == Family.V4) == (a instanceof Inet4Address)
                        && (family == Family.V6) == (a instanceof Inet6Address)) {
                    return a;
                }
            }
            throw new IOException("no address of the requested family");
        }

        private String names(String list) {
            List<String> out = new ArrayList<>();
            for (String n : list.split(",")) {
                String name = KnownHosts.hostName(n, port);
                out.add(hash ? KnownHosts.hash(name) : name);
            }
            return String.join(",", out);
        }

        private record Result(SshPublicKey key, String version) {}

        /**
         * Only the host key's signature over the exchange hash matters here, not the secrecy of a
         * session that is dropped at once: prefer the cheapest key exchange.
         */
        private static TransportConfig config(List<String> hostKeyAlgorithms) {
            TransportConfig d = TransportConfig.defaults();
            List<String> kex = new ArrayList<>(List.of("curve25519-sha256", "curve25519-sha256@libssh.org"));
            d.kexAlgorithms().stream().filter(k -> !kex.contains(k)).forEach(kex::add);
            return d.withKex(kex).withHostKeyAlgorithms(hostKeyAlgorithms);
        }

        private Result fetch(InetAddress addr, List<String> algorithms) throws IOException {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(addr, port), (int) timeout.toMillis());
                s.setSoTimeout((int) timeout.toMillis());
                AtomicReference<SshPublicKey> key = new AtomicReference<>();
                Transport t = Transport.client(s.getInputStream(), s.getOutputStream(), s, config(algorithms), key::set);
                try {
                    t.handshake();
                } finally {
                    t.disconnect(DisconnectReason.BY_APPLICATION, "keyscan");
                }
                if (key.get() == null) throw new IOException("no host key");
                return new Result(key.get(), t.peerVersion());
            }
        }
    }
}

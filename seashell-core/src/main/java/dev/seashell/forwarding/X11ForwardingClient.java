package dev.seashell.forwarding;

import dev.seashell.connection.Channel;
import dev.seashell.connection.ChannelOpenException;
import dev.seashell.connection.ClientSession;
import dev.seashell.connection.ConnectionLayer;
import dev.seashell.connection.IncomingChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * ssh's half of X11 forwarding ({@code -X}/{@code -Y}): sends x11-req with a fake
 * MIT-MAGIC-COOKIE-1, and joins each "x11" channel to the local display named by {@code DISPLAY}
 * ({@code :N} or {@code unix:N} → {@code /tmp/.X11-unix/XN}, {@code host:N} → TCP 6000+N). As in
 * ssh, the X client's connection setup must carry the fake cookie, which is replaced by the real one
 * before it reaches the display; anything else closes the channel. The real cookie is the display's
 * cookie {@link X11Cookie} obtained (the display's own, or a generated untrusted one); with none,
 * the fake cookie is sent on unchanged, as ssh does.
 */
public final class X11ForwardingClient {
    static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";
    private static final int SETUP_HEADER = 12;
    private static final int MAX_AUTH = 1024;

    private final Display display;
    private final byte[] fake;
    private final byte[] real;
    private final String realProtocol;
    private final Consumer<String> log;
    private volatile boolean requested;
    private java.time.Duration timeout;
    private volatile long refuseAtNanos; // 0: never (ForwardX11Timeout of an untrusted cookie)
    private volatile boolean refusing;

    /** A parsed DISPLAY value. */
    record Display(String host, int number, int screen) {
        static Display parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon < 0) throw new IllegalArgumentException("bad DISPLAY " + s);
            String host = s.substring(0, colon);
            String rest = s.substring(colon + 1);
            int dot = rest.indexOf('.');
            int number = Integer.parseInt(dot < 0 ? rest : rest.substring(0, dot));
            int screen = dot < 0 ? 0 : Integer.parseInt(rest.substring(dot + 1));
            if (number < 0 || number > 59535 || screen < 0) throw new IllegalArgumentException("bad DISPLAY " + s);
            return new Display(host, number, screen);
        }

        Endpoint endpoint() {
            return host.isEmpty() || host.equals("unix") ? new Endpoint.Unix("/tmp/.X11-unix/X" + number)
                    : new Endpoint.Tcp(host, 6000 + number);
        }
    }

    private X11ForwardingClient(Display display, String realProtocol, byte[] real, Consumer<String> log) {
        this.display = display;
        this.realProtocol = realProtocol;
        this.real = real;
        this.fake = new byte[real.length];
        new SecureRandom().nextBytes(fake);
        this.log = log;
    }

    /**
     * Accepts x11 channels on {@code layer} for {@code display} (the DISPLAY value).
     *
     * @param cookie the display's real MIT-MAGIC-COOKIE-1, or null for none (see {@link #xauthCookie})
     */
    public static X11ForwardingClient register(ConnectionLayer layer, String display, byte[] cookie, Consumer<String> log) {
        Consumer<String> l = log == null ? s -> { } : log;
        byte[] real = cookie;
        if (real == null) {
            l.accept("Warning: No xauth data; using fake authentication data for X11 forwarding.");
            real = new byte[16];
            new SecureRandom().nextBytes(real);
        }
        X11ForwardingClient c = new X11ForwardingClient(Display.parse(Objects.requireNonNull(display)), PROTOCOL, real, l);
        c.timeout = layer.config().requestTimeout();
        if (cookie == null) System.arraycopy(c.fake, 0, c.real, 0, c.fake.length); // no real one: the fake goes through
        layer.registerChannelType(X11ForwardingServer.CHANNEL_TYPE, c::onOpen);
        return c;
    }

    /** The cookie {@code xauth list DISPLAY} reports, or null (no xauth, no entry). */
    public static byte[] xauthCookie(String xauthPath, String display) {
        try {
            Process p = new ProcessBuilder(xauthPath, "list", display).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readNBytes(64 * 1024), StandardCharsets.US_ASCII);
            p.waitFor();
            for (String line : out.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length == 3 && f[1].equals(PROTOCOL)) return HexFormat.of().parseHex(f[2]);
            }
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Refuses x11 channels once {@code after} has passed from now (ssh's ForwardX11Timeout for -X). */
    public void refuseAfter(java.time.Duration after) {
        refuseAtNanos = System.nanoTime() + after.toNanos();
        refusing = true;
    }

    /** Sends x11-req on {@code session} (before exec/shell) and returns whether the server agreed. */
    public boolean request(ClientSession session, boolean singleConnection) throws IOException {
        requested = true;
        byte[] data = new X11ForwardingServer.Request(singleConnection, realProtocol,
                HexFormat.of().formatHex(fake), display.screen()).encode();
        return session.channel().sendRequest(SessionForwarding.X11_REQUEST, true, data, timeout);
    }

    private void onOpen(IncomingChannel in) {
        if (!requested) {
            log.accept("Warning: ssh server tried X11 forwarding.");
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
            return;
        }
        if (refusing && System.nanoTime() - refuseAtNanos >= 0) {
            log.accept("Rejected X11 connection after ForwardX11Timeout expired");
            in.reject(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "administratively prohibited");
            return;
        }
        in.defer();
        Thread.ofVirtual().name("x11-connect").start(() -> {
            SocketChannel s;
            try {
                s = Sockets.connect(display.endpoint(), Sockets.CONNECT_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                log.accept("connect " + display.endpoint() + ": " + e.getMessage());
                in.reject(ChannelOpenException.CONNECT_FAILED, "cannot connect to the X server");
                return;
            }
            Channel ch;
            try {
                ch = in.accept(null);
            } catch (ChannelOpenException e) {
                Sockets.closeQuietly(s);
                return;
            }
            Thread.ofVirtual().name("x11-setup").start(() -> {
                try {
                    byte[] setup = replaceCookie(ch.inputStream());
                    ByteBuffer b = ByteBuffer.wrap(setup);
                    while (b.hasRemaining()) s.write(b);
                    Splice.start(s, ch, null);
                } catch (IOException e) {
                    log.accept("X11 connection rejected because of wrong authentication.");
                    Sockets.closeQuietly(s);
                    ch.close();
                }
            });
        });
    }

    /**
     * Reads the X11 connection setup (byte order, pad, major, minor, name length, data length, pad,
     * name, data, each padded to 4) and returns it with the fake cookie swapped for the real one.
     */
    byte[] replaceCookie(InputStream in) throws IOException {
        byte[] head = in.readNBytes(SETUP_HEADER);
        if (head.length < SETUP_HEADER) throw new IOException("short X11 setup");
        boolean big = switch (head[0]) {
            case 'B' -> true;
            case 'l' -> false;
            default -> throw new IOException("bad X11 byte order " + head[0]);
        };
        int nameLen = u16(head, 6, big);
        int dataLen = u16(head, 8, big);
        if (nameLen > MAX_AUTH || dataLen > MAX_AUTH) throw new IOException("X11 auth too long");
        byte[] auth = in.readNBytes(pad(nameLen) + pad(dataLen));
        if (auth.length < pad(nameLen) + pad(dataLen)) throw new IOException("short X11 setup");
        String name = new String(auth, 0, nameLen, StandardCharsets.US_ASCII);
        byte[] data = Arrays.copyOfRange(auth, pad(nameLen), pad(nameLen) + dataLen);
        if (!name.equals(realProtocol) || !MessageDigest.isEqual(data, fake)) {
            throw new IOException("X11 cookie mismatch");
        }
        System.arraycopy(real, 0, auth, pad(nameLen), real.length); // same length as the fake
        byte[] out = Arrays.copyOf(head, head.length + auth.length);
        System.arraycopy(auth, 0, out, head.length, auth.length);
        return out;
    }

    private static int u16(byte[] b, int off, boolean big) {
        int hi = b[big ? off : off + 1] & 0xff;
        int lo = b[big ? off + 1 : off] & 0xff;
        return (hi << 8) | lo;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** The fake cookie sent to the server (for tests). */
    byte[] fakeCookie() {
        return fake.clone();
    }
}

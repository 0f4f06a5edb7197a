package dev.seashell.connection;

import java.time.Duration;

/**
 * Tunables of one connection layer.
 *
 * @param localWindow    the receive window we grant per channel (bytes buffered at most per channel)
 * @param maxPacket      the largest data packet we accept, and the largest we send
 * @param maxChannels    open or opening channels allowed at once, in both directions together
 * @param requestTimeout how long opens and want-reply requests wait for the peer's answer
 */
public record ConnectionConfig(int localWindow, int maxPacket, int maxChannels, Duration requestTimeout) {
    public static final int DEFAULT_WINDOW = 2 * 1024 * 1024;
    public static final int DEFAULT_MAX_PACKET = 32 * 1024;
    public static final int DEFAULT_MAX_CHANNELS = 1024;

    public ConnectionConfig {
        if (localWindow < 1024) throw new IllegalArgumentException("window too small: " + localWindow);
        if (maxPacket < 512 || maxPacket > 256 * 1024) throw new IllegalArgumentException("max packet out of range: " + maxPacket);
        if (maxChannels < 1) throw new IllegalArgumentException("maxChannels < 1");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("requestTimeout");
    }

    /** OpenSSH/Go defaults: 2 MiB window, 32 KiB packets, 1024 channels, 30 s for replies. */
    public static ConnectionConfig defaults() {
        return new ConnectionConfig(DEFAULT_WINDOW, DEFAULT_MAX_PACKET, DEFAULT_MAX_CHANNELS, Duration.ofSeconds(30));
    }

    public ConnectionConfig withLocalWindow(int window) {
        return new ConnectionConfig(window, maxPacket, maxChannels, requestTimeout);
    }

    public ConnectionConfig withMaxPacket(int packet) {
        return new ConnectionConfig(localWindow, packet, maxChannels, requestTimeout);
    }

    public ConnectionConfig withMaxChannels(int channels) {
        return new ConnectionConfig(localWindow, maxPacket, channels, requestTimeout);
    }

    public ConnectionConfig withRequestTimeout(Duration timeout) {
        return new ConnectionConfig(localWindow, maxPacket, maxChannels, timeout);
    }
}

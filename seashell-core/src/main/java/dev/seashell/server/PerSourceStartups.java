package dev.seashell.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * PerSourceMaxStartups: at most {@code limit} unauthenticated connections per source netblock,
 * on top of MaxStartups. The table only holds netblocks with a connection in progress, so it is
 * bounded by the number of unauthenticated connections, which MaxStartups bounds. Thread-safe.
 */
public final class PerSourceStartups {
    private final int limit;
    private final NetBlock netBlock;
    private final Map<NetBlock.Key, Integer> pending = new HashMap<>();

    /** @param limit the per-netblock limit, 0 for none (OpenSSH's default) */
    public PerSourceStartups(int limit, NetBlock netBlock) {
        if (limit < 0) throw new IllegalArgumentException("negative PerSourceMaxStartups");
        this.limit = limit;
        this.netBlock = Objects.requireNonNull(netBlock);
    }

    public static PerSourceStartups unlimited() {
        return new PerSourceStartups(0, NetBlock.DEFAULT);
    }

    /** Counts a new unauthenticated connection from {@code a}, or returns false (and counts nothing) past the limit. */
    public synchronized boolean tryStart(InetAddress a) {
        if (limit == 0 || a == null) return true;
        NetBlock.Key k = netBlock.of(a);
        int n = pending.getOrDefault(k, 0);
        if (n >= limit) return false;
        pending.put(k, n + 1);
        return true;
    }

    /** The connection from {@code a} authenticated or ended. */
    public synchronized void done(InetAddress a) {
        if (limit == 0 || a == null) return;
        pending.computeIfPresent(netBlock.of(a), (k, n) -> n <= 1 ? null : n - 1);
    }

    /** Unauthenticated connections now counted for {@code a}'s netblock. */
    public synchronized int pending(InetAddress a) {
        return pending.getOrDefault(netBlock.of(a), 0);
    }
}

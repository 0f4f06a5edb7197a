package dev.seashell.server;

import dev.seashell.config.Patterns;
import dev.seashell.config.Units;
import java.net.InetAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * PerSourcePenalties (OpenSSH 9.8+ srclimit.c): connections that end badly earn their source's
 * netblock a penalty; once a netblock's accumulated penalty reaches {@code min}, its new connections
 * are refused at accept time until the penalty runs out. Penalties from concurrent connections add
 * up, capped at {@code max}. Thread-safe; the table holds at most max-sources4/6 netblocks.
 */
public final class SourcePenalties {
    /** What a connection did to earn a penalty; {@link #keyword} is its PerSourcePenalties name. */
    public enum Kind {
        CRASH("crash", 90, "caused crash"),
        AUTHFAIL("authfail", 5, "failed authentication"),
        INVALIDUSER("invaliduser", 5, "attempted authentication by invalid user"),
        REFUSECONNECTION("refuseconnection", 10, "connection prohibited by RefuseConnection"),
        NOAUTH("noauth", 1, "connections without attempting authentication"),
        GRACE_EXCEEDED("grace-exceeded", 10, "exceeded LoginGraceTime");

        final String keyword;
        final long defaultSeconds;
        final String reason;

        Kind(String keyword, long defaultSeconds, String reason) {
            this.keyword = keyword;
            this.defaultSeconds = defaultSeconds;
            this.reason = reason;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** What to do when the table of penalised netblocks is full. */
    public enum Overflow { PERMISSIVE, DENY_ALL }

    /** The parsed PerSourcePenalties line. */
    public record Policy(boolean enabled, Map<Kind, Duration> durations, Duration max, Duration min,
                         int maxSources4, int maxSources6, Overflow overflow4, Overflow overflow6) {
        public static final Policy DEFAULT = parse(List.of("yes"));
        public static final Policy DISABLED = parse(List.of("no"));

        public Policy {
            durations = Map.copyOf(durations);
            Objects.requireNonNull(max);
            Objects.requireNonNull(min);
        }

        public Duration duration(Kind k) {
            return durations.get(k);
        }

        /**
         * Parses the arguments of a PerSourcePenalties line: {@code no}, {@code yes}, or
         * {@code keyword:value} pairs overriding the defaults.
         *
         * @throws IllegalArgumentException for an unknown keyword or a malformed value
         */
        public static Policy parse(List<String> args) {
            Map<Kind, Duration> d = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) d.put(k, Duration.ofSeconds(k.defaultSeconds));
            boolean enabled = true;
            Duration max = Duration.ofMinutes(10), min = Duration.ofSeconds(15);
            int sources4 = 65536, sources6 = 65536;
            Overflow over4 = Overflow.PERMISSIVE;
            Overflow over6 = null;
            for (String a : args) {
                String arg = a.toLowerCase(Locale.ROOT);
                if (arg.equals("no") || arg.equals("yes")) {
                    if (args.size() != 1) throw new IllegalArgumentException("PerSourcePenalties " + a + " must stand alone");
                    enabled = arg.equals("yes");
                    continue;
                }
                int colon = arg.indexOf(':');
                if (colon < 0) throw new IllegalArgumentException("invalid PerSourcePenalties keyword " + a);
                String key = arg.substring(0, colon), value = arg.substring(colon + 1);
                switch (key) {
                    case "max" -> max = seconds(a, value);
                    case "min" -> min = seconds(a, value);
                    case "max-sources4" -> sources4 = count(a, value);
                    case "max-sources6" -> sources6 = count(a, value);
                    case "overflow" -> over4 = overflow(a, value);
                    case "overflow6" -> over6 = overflow(a, value);
                    default -> {
                        Kind k = null;
                        for (Kind c : Kind.values()) if (c.keyword.equals(key)) k = c;
                        if (k == null) throw new IllegalArgumentException("invalid PerSourcePenalties keyword " + a);
                        d.put(k, seconds(a, value));
                    }
                }
            }
            return new Policy(enabled, d, max, min, sources4, sources6, over4, over6 == null ? over4 : over6);
        }

        private static Duration seconds(String arg, String v) {
            long s = Units.seconds(v);
            if (s < 0) throw new IllegalArgumentException("invalid PerSourcePenalties time " + arg);
            return Duration.ofSeconds(s);
        }

        private static int count(String arg, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("invalid PerSourcePenalties count " + arg);
        }

        private static Overflow overflow(String arg, String v) {
            return switch (v) {
                case "deny-all" -> Overflow.DENY_ALL;
                case "permissive" -> Overflow.PERMISSIVE;
                default -> throw new IllegalArgumentException("invalid PerSourcePenalties overflow mode " + arg);
            };
        }
    }

    /** One netblock's penalty: refused until {@code expiry} once active. */
    private static final class Entry {
        long expiry;
        boolean active;
        Kind last;
    }

    private final Policy policy;
    private final NetBlock netBlock;
    private final String exemptList;
    private final LongSupplier nanoClock;
    private final Consumer<String> log;
    private final Map<NetBlock.Key, Entry> entries = new HashMap<>();
    private int count4;
    private int count6;

    /**
     * @param exemptList PerSourcePenaltyExemptList (addresses, wildcards, CIDR), or null for none
     * @param nanoClock  monotonic nanoseconds ({@code System::nanoTime}; a fake one in tests)
     */
    public SourcePenalties(Policy policy, NetBlock netBlock, String exemptList, LongSupplier nanoClock, Consumer<String> log) {
        this.policy = Objects.requireNonNull(policy);
        this.netBlock = Objects.requireNonNull(netBlock);
        this.exemptList = exemptList == null || exemptList.isEmpty() || exemptList.equals("none") ? null : exemptList;
        if (this.exemptList != null) Patterns.addressList("127.0.0.1", this.exemptList); // fail fast on bad CIDR
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.log = Objects.requireNonNull(log);
    }

    /** Penalties as OpenSSH enables them by default, per address, nothing exempt. */
    public static SourcePenalties defaults(Consumer<String> log) {
        return new SourcePenalties(Policy.DEFAULT, NetBlock.DEFAULT, null, System::nanoTime, log);
    }

    public Policy policy() {
        return policy;
    }

    private boolean exempt(InetAddress a) {
        return exemptList != null && Patterns.addressList(a.getHostAddress(), exemptList) == 1;
    }

    /** Why a new connection from {@code a} is refused ({@code "penalty: …"}), or empty if it may proceed. */
    public synchronized Optional<String> refusal(InetAddress a) {
        if (!policy.enabled() || exempt(a)) return Optional.empty();
        long now = nanoClock.getAsLong();
        NetBlock.Key key = netBlock.of(a);
        boolean v4 = key.isV4();
        if ((v4 ? policy.overflow4() : policy.overflow6()) == Overflow.DENY_ALL && full(v4, now)) {
            return Optional.of("penalty: too many penalised " + (v4 ? "IPv4" : "IPv6") + " sources (deny-all)");
        }
        Entry e = entries.get(key);
        if (e == null) return Optional.empty();
        if (e.expiry - now <= 0) {
            remove(key);
            return Optional.empty();
        }
        return e.active ? Optional.of("penalty: " + e.last.reason) : Optional.empty();
    }

    /** Whether {@code a}'s netblock is refused right now (for tests and status). */
    public boolean isPenalised(InetAddress a) {
        return refusal(a).isPresent();
    }

    /** Records that a connection from {@code a} ended as {@code kind}. */
    public synchronized void penalise(InetAddress a, Kind kind) {
        if (!policy.enabled() || exempt(a)) return;
        long secs = policy.duration(kind).toSeconds();
        if (secs <= 0) return;
        long now = nanoClock.getAsLong();
        long penalty = Duration.ofSeconds(secs).toNanos(), max = policy.max().toNanos(), min = policy.min().toNanos();
        NetBlock.Key key = netBlock.of(a);
        Entry e = entries.get(key);
        if (e != null && e.expiry - now <= 0) {
            remove(key);
            e = null;
        }
        if (e == null) {
            boolean v4 = key.isV4();
            if (full(v4, now)) {
                if ((v4 ? policy.overflow4() : policy.overflow6()) == Overflow.DENY_ALL) return; // refusing everyone already
                evictSoonest(v4); // permissive: an old penalty ends early to make room
            }
            e = new Entry();
            e.expiry = now + Math.min(penalty, max);
            entries.put(key, e);
            if (v4) count4++;
            else count6++;
        } else {
            e.expiry = Math.min(e.expiry + penalty, now + max);
        }
        e.last = kind;
        if (!e.active && e.expiry - now >= min) {
            e.active = true;
            log.accept("srclimit_penalise: " + (key.isV4() ? "ipv4" : "ipv6") + ": new " + key + " active penalty of "
                    + secs + " seconds for penalty: " + kind.reason);
        }
    }

    /** Tracked netblocks (active or accumulating), for bounds checks. */
    public synchronized int tracked() {
        expire(nanoClock.getAsLong());
        return entries.size();
    }

    /** Whether the table is full for this family, after dropping expired penalties (only then: the sweep is O(n)). */
    private boolean full(boolean v4, long now) {
        if ((v4 ? count4 < policy.maxSources4() : count6 < policy.maxSources6())) return false;
        expire(now);
        return v4 ? count4 >= policy.maxSources4() : count6 >= policy.maxSources6();
    }

    private void remove(NetBlock.Key key) {
        if (entries.remove(key) != null) {
            if (key.isV4()) count4--;
            else count6--;
        }
    }

    private void expire(long now) {
        for (Iterator<Map.Entry<NetBlock.Key, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<NetBlock.Key, Entry> m = it.next();
            if (m.getValue().expiry - now <= 0) {
                it.remove();
                if (m.getKey().isV4()) count4--;
                else count6--;
            }
        }
    }

    private void evictSoonest(boolean v4) {
        NetBlock.Key victim = null;
        long soonest = Long.MAX_VALUE;
        for (Map.Entry<NetBlock.Key, Entry> m : entries.entrySet()) {
            if (m.getKey().isV4() == v4 && (victim == null || m.getValue().expiry - soonest < 0)) {
                victim = m.getKey();
                soonest = m.getValue().expiry;
            }
        }
        if (victim != null) remove(victim);
    }
}

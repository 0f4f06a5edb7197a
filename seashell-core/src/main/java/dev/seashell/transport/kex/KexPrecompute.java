package dev.seashell.transport.kex;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A client's ephemeral key pairs for its first key exchange, generated on virtual threads while TCP
 * connects and versions and KEXINITs travel. In a cold JVM sntrup761's key generation (BouncyCastle,
 * still interpreted) is the largest single cost of a connection; overlapping it with the network
 * round trips takes it off the critical path. The client's offer is known before negotiation and the
 * server's version line tells whether it has ML-KEM (OpenSSH added mlkem768x25519 in 9.9), so an
 * sntrup761 key pair is started when it is the first hybrid offered that such a server supports, and
 * one X25519 key shared by whichever method wins. ML-KEM (the JDK's, fast) is not made ahead. A wasted
 * sntrup761 pair costs ~60 ms of CPU warm, ~0.2 s cold, so none is made for a server that will pick
 * ML-KEM. Each key is used at most once; unused ones are dropped.
 */
public final class KexPrecompute {
    /** Started for no method: every key exchange generates its own keys. */
    public static final KexPrecompute NONE = new KexPrecompute(new SecureRandom(), List.of(), null, Map.of());

    /** Keys started before the connection by {@link #startEarly}; taken (once) by the next handshake. */
    private static final AtomicReference<KexPrecompute> EARLY = new AtomicReference<>();

    private final SecureRandom random;
    private final List<String> offered;
    private CompletableFuture<X25519Key> x25519;
    private final Map<KexAlgorithm, CompletableFuture<PqKem.KeyPair>> pq;

    private KexPrecompute(SecureRandom random, List<String> offered, CompletableFuture<X25519Key> x25519,
                          Map<KexAlgorithm, CompletableFuture<PqKem.KeyPair>> pq) {
        this.random = random;
        this.offered = offered;
        this.x25519 = x25519;
        this.pq = pq;
    }

    /**
     * Starts generating the keys for the client's kex offer {@code offered} (wire names, in preference
     * order): the hybrids listed before the first classical method, and X25519 if any of them or
     * curve25519 is offered at all.
     */
    public static KexPrecompute start(List<String> offered) {
        return start(offered, "");
    }

    /**
     * As {@link #start(List)} once the server's version line {@code peerVersion} is known: a server
     * that announces OpenSSH before 9.9 has no ML-KEM, so an offered mlkem768x25519 does not stop the
     * sntrup761 pair; for any other server an ML-KEM offered first does. Keys started by
     * {@link #startEarly(List)} for the same offer are taken over, the ones this server will not use dropped.
     */
    public static KexPrecompute start(List<String> offered, String peerVersion) {
        if ("false".equals(System.getProperty("seashell.kexPrecompute"))) return NONE; // for A/B timing
        Plan plan = Plan.of(offered, openSshBefore99(peerVersion));
        KexPrecompute early = EARLY.getAndSet(null);
        if (early != null && !early.offered.equals(offered)) early = null;
        return plan.launch(offered, early);
    }

    /**
     * Starts the keys for {@code offered} before any server is known, for a process about to make its
     * one connection (a CLI command): in a cold JVM an sntrup761 pair takes ~0.2 s, which then overlaps
     * the start-up, name lookup and TCP connect instead of following the server's version line. It
     * assumes the server lacks ML-KEM (OpenSSH before 9.9, still most servers); when the server has it,
     * the pair is dropped unused. The next client {@link #start(List, String)} with the same offer takes
     * the keys; a later call replaces unused ones.
     */
    public static void startEarly(List<String> offered) {
        if ("false".equals(System.getProperty("seashell.kexPrecompute"))) return;
        Plan plan = Plan.of(offered, true);
        EARLY.set(plan.equals(Plan.NOTHING) ? null : plan.launch(List.copyOf(offered), null));
    }

    /** True while keys from {@link #startEarly} wait for a handshake (for tests). */
    static boolean earlyPending() {
        return EARLY.get() != null;
    }

    /** What to make ahead for an offer: X25519 or not, and at most one post-quantum pair. */
    private record Plan(boolean x25519, KexAlgorithm pq) {
        static final Plan NOTHING = new Plan(false, null);

        static Plan of(List<String> offered, boolean noMlKem) {
            KexAlgorithm pq = null;
            boolean wantX25519 = false;
            boolean classicalSeen = false;
            for (String name : offered) {
                KexAlgorithm a = KexAlgorithm.fromWireName(name);
                if (a == null) continue;
                if (a == KexAlgorithm.MLKEM768_X25519_SHA256) {
                    wantX25519 = true;
                    if (!noMlKem) classicalSeen = true; // it will win: nothing after it is worth making ahead
                } else if (a == KexAlgorithm.SNTRUP761_X25519_SHA512 || a == KexAlgorithm.SNTRUP761_X25519_SHA512_ALIAS) {
                    wantX25519 = true;
                    if (!classicalSeen && pq == null) pq = canonical(a);
                } else {
                    classicalSeen = true;
                    if (a == KexAlgorithm.CURVE25519_SHA256 || a == KexAlgorithm.CURVE25519_SHA256_LIBSSH) wantX25519 = true;
                }
            }
            return wantX25519 ? new Plan(true, pq) : NOTHING;
        }

        /** Starts what this plan needs, taking over {@code early}'s keys where they fit. */
        KexPrecompute launch(List<String> offered, KexPrecompute early) {
            if (!x25519) return NONE;
            SecureRandom random = early != null ? early.random : new SecureRandom();
            Map<KexAlgorithm, CompletableFuture<PqKem.KeyPair>> pairs = new EnumMap<>(KexAlgorithm.class);
            if (pq != null) {
                CompletableFuture<PqKem.KeyPair> made = early != null ? early.pq.get(pq) : null;
                pairs.put(pq, made != null ? made : async(new Sntrup761Kem(random)::generate));
            }
            CompletableFuture<X25519Key> x = early != null && early.x25519 != null ? early.x25519 : async(() -> X25519Key.generate(random));
            return new KexPrecompute(random, offered, x, pairs);
        }
    }

    /** A key exchange for {@code algorithm} that uses the keys generated here, if any were. */
    public synchronized KeyExchange create(KexAlgorithm algorithm) {
        if (this == NONE) return algorithm.create();
        CompletableFuture<PqKem.KeyPair> pair = pq.remove(canonical(algorithm));
        CompletableFuture<X25519Key> cl = x25519;
        x25519 = null; // one exchange only: an ephemeral key is never reused
        Supplier<X25519Key> first = () -> cl != null && !cl.isCompletedExceptionally() ? join(cl) : X25519Key.generate(random);
        return switch (algorithm) {
            case MLKEM768_X25519_SHA256 -> new HybridKex("SHA-256", new MlKem768Kem(random), first, pairOrGenerate(pair));
            case SNTRUP761_X25519_SHA512, SNTRUP761_X25519_SHA512_ALIAS ->
                    new HybridKex("SHA-512", new Sntrup761Kem(random), first, pairOrGenerate(pair));
            case CURVE25519_SHA256, CURVE25519_SHA256_LIBSSH -> new Curve25519Kex(first);
            default -> algorithm.create();
        };
    }

    private static Supplier<PqKem.KeyPair> pairOrGenerate(CompletableFuture<PqKem.KeyPair> pair) {
        return pair == null ? null : () -> join(pair);
    }

    /** True for "SSH-2.0-OpenSSH_9.2p1 ..." and other OpenSSH releases before 9.9. */
    static boolean openSshBefore99(String peerVersion) {
        String prefix = "SSH-2.0-OpenSSH_";
        if (!peerVersion.startsWith(prefix)) return false;
        String v = peerVersion.substring(prefix.length());
        int dot = v.indexOf('.');
        if (dot <= 0) return false;
        int end = dot + 1;
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        try {
            int major = Integer.parseInt(v.substring(0, dot));
            int minor = end > dot + 1 ? Integer.parseInt(v.substring(dot + 1, end)) : 0;
            return major < 9 || (major == 9 && minor < 9);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The two sntrup761 names are one method. */
    private static KexAlgorithm canonical(KexAlgorithm a) {
        return a == KexAlgorithm.SNTRUP761_X25519_SHA512_ALIAS ? KexAlgorithm.SNTRUP761_X25519_SHA512 : a;
    }

    private static <T> CompletableFuture<T> async(Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().name("kex-precompute").start(() -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException | Error e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating kex keys", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("kex key generation failed", e.getCause());
        }
    }
}

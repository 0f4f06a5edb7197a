package dev.seashell.transport.kex;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The safe primes a group-exchange server offers, parsed from a file in OpenSSH's moduli(5) format:
 * {@code timestamp type tests trials size generator modulus}, one per line, {@code #} comments.
 *
 * <p>Lines are accepted as OpenSSH's {@code parse_prime} accepts them: type 2 (safe prime), a tests
 * mask that is not "composite" and names at least one test, a non-zero trial count, a listed size one
 * less than the modulus's bit length, and a generator above 1. Anything else is skipped silently.
 */
public final class Moduli {
    /** Where OpenSSH's sshd reads moduli by default. */
    public static final Path DEFAULT_PATH = Path.of("/etc/ssh/moduli");

    private static final int TYPE_SAFE = 2;
    private static final int TESTS_COMPOSITE = 0x01;
    /** Large enough for any real modulus (OpenSSH caps the size field at 64 Ki bits). */
    private static final int MAX_BITS = 64 * 1024;

    private final List<DhGroup> groups;

    private Moduli(List<DhGroup> groups) {
        this.groups = List.copyOf(groups);
    }

    /** No moduli: group exchange then uses the RFC 3526 groups. */
    public static Moduli empty() {
        return new Moduli(List.of());
    }

    public static Moduli parse(String text) {
        List<DhGroup> groups = new ArrayList<>();
        for (String line : text.split("\n", -1)) parseLine(line).ifPresent(groups::add);
        return new Moduli(groups);
    }

    /** Reads a moduli file; a missing file yields {@link #empty()}. */
    public static Moduli load(Path path) throws IOException {
        try {
            return parse(Files.readString(path, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return empty();
        }
    }

    /** {@link #DEFAULT_PATH}, or {@link #empty()} if it is missing or unreadable. */
    public static Moduli system() {
        try {
            return load(DEFAULT_PATH);
        } catch (IOException e) {
            return empty();
        }
    }

    /** How many usable moduli were read. */
    public int size() {
        return groups.size();
    }

    /** The bit lengths of the usable moduli, in file order. */
    public List<Integer> sizes() {
        return groups.stream().map(DhGroup::bits).toList();
    }

    /**
     * Picks a group as OpenSSH's {@code choose_dh} does: among moduli with min <= bits <= max, the best
     * size is the smallest one at least {@code wanted}, or else the largest; one of that size is drawn
     * at random. When no modulus fits, the same rule runs over RFC 3526 groups 14-18.
     */
    Optional<DhGroup> choose(int min, int wanted, int max, SecureRandom random) {
        Optional<DhGroup> fromFile = bestFit(groups, min, wanted, max, random);
        return fromFile.isPresent() ? fromFile : bestFit(DhGroups.FALLBACK, min, wanted, max, random);
    }

    private static Optional<DhGroup> bestFit(List<DhGroup> candidates, int min, int wanted, int max, SecureRandom random) {
        int best = -1;
        for (DhGroup g : candidates) {
            int bits = g.bits();
            if (bits < min || bits > max) continue;
            boolean better = best < 0
                    || (best < wanted ? bits > best : bits >= wanted && bits < best);
            if (better) best = bits;
        }
        if (best < 0) return Optional.empty();
        int size = best;
        List<DhGroup> ties = candidates.stream().filter(g -> g.bits() == size).toList();
        return Optional.of(ties.get(random.nextInt(ties.size())));
    }

    private static Optional<DhGroup> parseLine(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) return Optional.empty();
        String[] f = trimmed.split("\\s+");
        if (f.length != 7) return Optional.empty();
        try {
            if (Integer.parseInt(f[1]) != TYPE_SAFE) return Optional.empty();
            int tests = Integer.parseInt(f[2]);
            if ((tests & TESTS_COMPOSITE) != 0 || (tests & ~TESTS_COMPOSITE) == 0) return Optional.empty();
            if (Long.parseLong(f[3]) <= 0) return Optional.empty();
            int size = Integer.parseInt(f[4]);
            if (size <= 0 || size >= MAX_BITS || f[6].length() > MAX_BITS / 4 + 1) return Optional.empty();
            BigInteger g = new BigInteger(f[5], 16);
            BigInteger p = new BigInteger(f[6], 16);
            // The listed size is one bit short of the modulus (OpenSSH: "the whole group is one bit larger").
            if (p.bitLength() != size + 1) return Optional.empty();
            return Optional.of(new DhGroup("moduli", p, g));
        } catch (IllegalArgumentException e) { // NumberFormatException, or DhGroup's checks
            return Optional.empty();
        }
    }
}

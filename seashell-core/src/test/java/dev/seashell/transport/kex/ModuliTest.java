package dev.seashell.transport.kex;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.crypto.agreement.DHStandardGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuliTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static String line(String type, String tests, String tries, int size, String g, BigInteger p) {
        return "20250101000000 " + type + " " + tests + " " + tries + " " + size + " " + g + " " + p.toString(16).toUpperCase() + "\n";
    }

    private static final BigInteger P2048 = DhGroups.GROUP14.p();
    private static final BigInteger P3072 = DhGroups.GROUP15.p();
    private static final BigInteger P4096 = DhGroups.GROUP16.p();

    private static final String TEXT = "# Time Type Tests Tries Size Generator Modulus\n"
            + "\n"
            + "   # an indented comment\n"
            + line("2", "6", "100", 2047, "2", P2048)
            + line("2", "6", "100", 3071, "2", P3072)
            + line("2", "6", "100", 3071, "5", P3072) // a second 3072-bit entry: ties are drawn at random
            + line("4", "6", "100", 4095, "2", P4096) // Sophie Germain, not safe: skipped
            + line("2", "1", "100", 4095, "2", P4096) // marked composite: skipped
            + line("2", "0", "100", 4095, "2", P4096) // never tested: skipped
            + line("2", "6", "0", 4095, "2", P4096) // zero trials: skipped
            + line("2", "6", "100", 4096, "2", P4096) // size should be bits - 1: skipped
            + line("2", "6", "100", 4095, "1", P4096) // generator 1: skipped
            + "20250101000000 2 6 100 4095 2\n" // missing modulus: skipped
            + "20250101000000 2 6 100 4095 2 XYZ\n" // not hex: skipped
            + line("2", "6", "100", 4095, "2", P4096);

    @Test
    void parsesOnlyUsableSafePrimes() {
        Moduli m = Moduli.parse(TEXT);
        assertThat(m.sizes()).containsExactly(2048, 3072, 3072, 4096);
    }

    @Test
    void choosesTheSmallestSizeAtLeastTheWishWithinBounds() {
        Moduli m = Moduli.parse(TEXT);
        assertThat(m.choose(2048, 3072, 8192, RANDOM).orElseThrow().bits()).isEqualTo(3072);
        assertThat(m.choose(2048, 2500, 8192, RANDOM).orElseThrow().bits()).isEqualTo(3072);
        assertThat(m.choose(2048, 2048, 8192, RANDOM).orElseThrow().bits()).isEqualTo(2048);
        // Nothing as large as wished: the largest that fits.
        assertThat(m.choose(2048, 8192, 8192, RANDOM).orElseThrow().bits()).isEqualTo(4096);
        assertThat(m.choose(2048, 8192, 3500, RANDOM).orElseThrow().bits()).isEqualTo(3072);
    }

    @Test
    void drawsAmongEquallyGoodModuli() {
        Moduli m = Moduli.parse(TEXT);
        Set<BigInteger> generators = new HashSet<>();
        for (int i = 0; i < 64; i++) generators.add(m.choose(3072, 3072, 3072, RANDOM).orElseThrow().g());
        assertThat(generators).containsExactlyInAnyOrder(BigInteger.TWO, BigInteger.valueOf(5));
    }

    @Test
    void fallsBackToRfc3526GroupsWhenNothingFits() {
        Moduli m = Moduli.parse(TEXT);
        assertThat(m.choose(6144, 7000, 8192, RANDOM).orElseThrow()).isEqualTo(DhGroups.GROUP18);
        assertThat(m.choose(5000, 6144, 8192, RANDOM).orElseThrow()).isEqualTo(DhGroups.GROUP17);
        assertThat(Moduli.empty().choose(2048, 3072, 8192, RANDOM).orElseThrow()).isEqualTo(DhGroups.GROUP15);
        assertThat(Moduli.empty().choose(2048, 8192, 8192, RANDOM).orElseThrow()).isEqualTo(DhGroups.GROUP18);
        assertThat(Moduli.empty().choose(9000, 9000, 9000, RANDOM)).isEmpty();
    }

    @Test
    void loadsFilesAndTreatsAMissingOneAsEmpty(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("moduli");
        Files.writeString(file, TEXT);
        assertThat(Moduli.load(file).size()).isEqualTo(4);
        assertThat(Moduli.load(dir.resolve("absent")).size()).isZero();
    }

    /** The hex constants against BouncyCastle's independent copy (they were also checked against the JDK's). */
    @Test
    void fixedGroupsMatchTheRfcs() {
        assertThat(DhGroups.GROUP1.p()).isEqualTo(DHStandardGroups.rfc2409_1024.getP());
        assertThat(DhGroups.GROUP14.p()).isEqualTo(DHStandardGroups.rfc3526_2048.getP());
        assertThat(DhGroups.GROUP15.p()).isEqualTo(DHStandardGroups.rfc3526_3072.getP());
        assertThat(DhGroups.GROUP16.p()).isEqualTo(DHStandardGroups.rfc3526_4096.getP());
        assertThat(DhGroups.GROUP17.p()).isEqualTo(DHStandardGroups.rfc3526_6144.getP());
        assertThat(DhGroups.GROUP18.p()).isEqualTo(DHStandardGroups.rfc3526_8192.getP());
        for (DhGroup g : DhGroups.FALLBACK) assertThat(g.g()).isEqualTo(BigInteger.TWO);
        assertThat(DhGroups.FALLBACK).extracting(DhGroup::bits).containsExactly(2048, 3072, 4096, 6144, 8192);
    }
}

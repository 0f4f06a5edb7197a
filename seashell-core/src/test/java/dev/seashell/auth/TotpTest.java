package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TotpTest {
    /** RFC 6238 appendix B, SHA1 rows: the seed is the ASCII string "12345678901234567890", 8 digits. */
    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
            "2000000000, 69279037", "20000000000, 65353130"})
    void rfc6238Sha1Vectors(long time, String expected) {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.hotp(seed, Totp.step(time), 8, "HmacSHA1")).isEqualTo(expected);
    }

    @Test
    void rfc4226HotpVectors() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.hotp(seed, 0, 6, "HmacSHA1")).isEqualTo("755224");
        assertThat(Totp.hotp(seed, 9, 6, "HmacSHA1")).isEqualTo("520489");
    }

    @Test
    void base32DecodesRfc4648Vectors() {
        assertThat(new String(Totp.base32("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
        assertThat(new String(Totp.base32("mzxw6ytb"), StandardCharsets.US_ASCII)).isEqualTo("fooba");
        // The RFC 6238 seed, as Google Authenticator would show it.
        assertThat(Totp.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")).isEqualTo("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
    }

    static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final byte[] KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    static Path writeFile(Path home, String content) throws IOException {
        Path f = home.resolve(".google_authenticator");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    static TotpAuthenticator authenticator(Path home, long epochSeconds) {
        UserAccount alice = new UserAccount("alice", (Integer) uid(home), 0, home.toString(), "/bin/sh");
        Clock clock = Clock.fixed(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
        return new TotpAuthenticator(u -> u.equals("alice") ? Optional.of(alice) : Optional.empty(), ".google_authenticator", clock);
    }

    static Object uid(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void parsesGoogleAuthenticatorOptions(@TempDir Path home) throws IOException {
        Path f = writeFile(home, SECRET + "\n\" RATE_LIMIT 3 30\n\" WINDOW_SIZE 5\n\" DISALLOW_REUSE\n\" TOTP_AUTH\n12345678\n87654321\n");
        GoogleAuthenticatorFile g = GoogleAuthenticatorFile.read(f, -1);
        assertThat(g.secret()).isEqualTo(KEY);
        assertThat(g.windowSize()).isEqualTo(5);
        assertThat(g.rateLimitAttempts()).isEqualTo(3);
        assertThat(g.rateLimitSeconds()).isEqualTo(30);
        assertThat(g.disallowReuse()).isTrue();
        assertThat(g.totp()).isTrue();
        assertThat(g.scratchCodes()).containsExactly("12345678", "87654321");
    }

    @Test
    void refusesFileOthersCanRead(@TempDir Path home) throws IOException {
        Path f = writeFile(home, SECRET + "\n\" TOTP_AUTH\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        long t = 1_700_000_000L;
        assertThat(authenticator(home, t).verify("alice", Totp.code(KEY, t))).isFalse();
    }

    @Test
    void acceptsCodesWithinTheWindowOnly(@TempDir Path home) throws IOException {
        writeFile(home, SECRET + "\n\" WINDOW_SIZE 3\n\" TOTP_AUTH\n");
        long t = 1_700_000_000L;
        TotpAuthenticator a = authenticator(home, t);
        assertThat(a.verify("alice", Totp.code(KEY, t))).isTrue();
        assertThat(a.verify("alice", Totp.code(KEY, t - 30))).isTrue();
        assertThat(a.verify("alice", Totp.code(KEY, t + 30))).isTrue();
        assertThat(a.verify("alice", Totp.code(KEY, t - 60))).isFalse();
        assertThat(a.verify("alice", Totp.code(KEY, t + 60))).isFalse();
        assertThat(a.verify("bob", Totp.code(KEY, t))).isFalse();
    }

    @Test
    void disallowReuseRefusesTheSameCodeTwice(@TempDir Path home) throws IOException {
        writeFile(home, SECRET + "\n\" DISALLOW_REUSE\n\" TOTP_AUTH\n");
        long t = 1_700_000_000L;
        TotpAuthenticator a = authenticator(home, t);
        assertThat(a.verify("alice", Totp.code(KEY, t))).isTrue();
        assertThat(a.verify("alice", Totp.code(KEY, t))).isFalse();
    }

    @Test
    void rateLimitStopsGuessing(@TempDir Path home) throws IOException {
        writeFile(home, SECRET + "\n\" RATE_LIMIT 3 30\n\" TOTP_AUTH\n");
        long t = 1_700_000_000L;
        TotpAuthenticator a = authenticator(home, t);
        for (int i = 0; i < 3; i++) assertThat(a.verify("alice", "000000")).isFalse();
        assertThat(a.verify("alice", Totp.code(KEY, t))).as("4th attempt within 30 s").isFalse();
        assertThat(authenticator(home, t).verify("alice", Totp.code(KEY, t))).as("fresh state").isTrue();
    }

    @Test
    void scratchCodeWorksOnceAndIsRemovedFromTheFile(@TempDir Path home) throws IOException {
        Path f = writeFile(home, SECRET + "\n\" TOTP_AUTH\n11111111\n22222222\n");
        TotpAuthenticator a = authenticator(home, 1_700_000_000L);
        assertThat(a.verify("alice", "22222222")).isTrue();
        String after = Files.readString(f);
        assertThat(after).doesNotContain("22222222").contains("11111111").startsWith(SECRET);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(a.verify("alice", "22222222")).isFalse();
        assertThat(a.verify("alice", "33333333")).isFalse();
        try (var s = Files.list(home)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(".google_authenticator");
        }
    }
}

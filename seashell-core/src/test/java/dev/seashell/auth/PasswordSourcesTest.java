package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordSourcesTest {
    static String bcrypt(String version, String pw, int cost) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate(version, pw.toCharArray(), salt, cost);
    }

    static String argon2id(String pw) {
        byte[] salt = "saltsaltsaltsalt".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(19).withMemoryAsKB(1024)
                .withIterations(2).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        g.generateBytes(pw.getBytes(StandardCharsets.UTF_8), out);
        Base64.Encoder b = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=1024,t=2,p=1$" + b.encodeToString(salt) + "$" + b.encodeToString(out);
    }

    @Test
    void passwordFileChecksBcryptVariantsAndArgon2id() {
        String y = bcrypt("2b", "yankee", 4).replaceFirst("^\\$2b\\$", "\\$2y\\$");
        PasswordFile f = PasswordFile.parse("# users\nalice:" + bcrypt("2a", "wonderland", 4) + "\nbob:" + bcrypt("2b", "builder", 4)
                + "\ncarol:" + argon2id("s3cret") + "\ndave:" + y + "\neve:$1$md5$notsupported\n");
        assertThat(f.check("alice", "wonderland".toCharArray(), null)).isTrue();
        assertThat(f.check("alice", "wonderlanD".toCharArray(), null)).isFalse();
        assertThat(f.check("bob", "builder".toCharArray(), null)).isTrue();
        assertThat(f.check("carol", "s3cret".toCharArray(), null)).isTrue();
        assertThat(f.check("carol", "s3cre".toCharArray(), null)).isFalse();
        assertThat(f.check("dave", "yankee".toCharArray(), null)).isTrue();
        assertThat(f.hasUser("eve")).isFalse();
        // An unknown user given alice's password still fails (it is checked against the dummy hash).
        assertThat(f.check("mallory", "wonderland".toCharArray(), null)).isFalse();
    }

    @Test
    void argon2WithHugeMemoryCostIsRefusedNotAllocated() {
        String h = argon2id("x").replace("m=1024", "m=4194304");
        assertThat(PasswordHashes.verify(h, "x".toCharArray())).isFalse();
    }

    static String opensslSha512(String pw) {
        ProcessRunner.Result r = ProcessRunner.command("openssl", "passwd", "-6", "-salt", "Zq3aYb1c", pw).run();
        assumeTrue(r.exitCode() == 0, "openssl passwd failed");
        return r.stdoutText().strip();
    }

    @Test
    void shadowPasswordsUseSystemCryptAndHonourLockAndExpiry(@TempDir Path dir) throws IOException {
        assumeTrue(NativeCrypt.available(), "libcrypt.so.1 not loadable");
        String h = opensslSha512("hunter2");
        long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
        Path shadow = dir.resolve("shadow");
        Files.writeString(shadow, String.join("\n",
                "alice:" + h + ":" + (today - 1) + ":0:99999:7:::",
                "locked:!" + h + ":" + (today - 1) + ":0:99999:7:::",
                "gone:" + h + ":" + (today - 1) + ":0:99999:7::" + (today - 1) + ":",
                "stale:" + h + ":" + (today - 100) + ":0:90:7:::",
                "mustchange:" + h + ":0:0:99999:7:::",
                "nopw:*:" + today + ":0:99999:7:::", ""));
        ShadowPasswords s = new ShadowPasswords(shadow, Clock.systemUTC());
        assertThat(s.check("alice", "hunter2".toCharArray(), null)).isTrue();
        assertThat(s.check("alice", "hunter3".toCharArray(), null)).isFalse();
        assertThat(s.check("locked", "hunter2".toCharArray(), null)).isFalse();
        assertThat(s.check("gone", "hunter2".toCharArray(), null)).as("account expired").isFalse();
        assertThat(s.check("stale", "hunter2".toCharArray(), null)).as("password past max age").isFalse();
        assertThat(s.check("mustchange", "hunter2".toCharArray(), null)).isFalse();
        assertThat(s.check("nopw", "".toCharArray(), null)).isFalse();
        assertThat(s.check("nobody", "hunter2".toCharArray(), null)).isFalse();
    }

    @Test
    void nativeCryptMatchesOpenssl() {
        assumeTrue(NativeCrypt.available(), "libcrypt.so.1 not loadable");
        String h = opensslSha512("correct horse");
        assertThat(NativeCrypt.crypt("correct horse".toCharArray(), h)).isEqualTo(h);
        assertThat(NativeCrypt.crypt("correct horsE".toCharArray(), h)).isNotEqualTo(h);
    }
}

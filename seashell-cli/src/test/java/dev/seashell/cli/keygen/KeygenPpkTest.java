package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.cli.keygen.KeygenTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PuTTY .ppk v2/v3 export and import: round trips, and interop with puttygen where installed. */
class KeygenPpkTest {
    private static final Path PUTTYGEN = Path.of("/usr/bin/puttygen");
    private static final String[] KEYS = {"ed", "ec", "rsa"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ed@test", "-f", "ed");
        ok(dir, "-q", "-t", "ecdsa", "-b", "521", "-N", "", "-C", "ec@test", "-f", "ec");
        ok(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "rsa@test", "-f", "rsa");
        Files.writeString(dir.resolve("pwfile"), "pass word\n");
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    /** Writes text as a private key file and returns what ssh-keygen -y makes of it. */
    private static String publicOf(String name, String text, String pass) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        return ok(dir, "-y", "-P", pass, "-f", f.toString());
    }

    @Test
    void exportThenImportGivesBackTheSameKey() throws Exception {
        for (String k : KEYS) {
            for (String v : new String[] {"2", "3"}) {
                for (String pass : new String[] {"", "pass word"}) {
                    Result e = seashell(dir, "-e", "-m", "PPK", "-O", "ppk-version=" + v, "-N", pass, "-f", p(k));
                    assertThat(e.code()).isZero();
                    assertThat(e.out()).startsWith("PuTTY-User-Key-File-" + v + ": ")
                            .contains(pass.isEmpty() ? "Encryption: none" : "Encryption: aes256-cbc").contains("Comment: " + k + "@test");
                    Files.writeString(dir.resolve(k + v + ".ppk"), e.out());
                    Result i = seashell(dir, "-i", "-m", "PPK", "-P", pass, "-f", p(k + v + ".ppk"));
                    assertThat(i.code()).as(i.err()).isZero();
                    assertThat(publicOf(k + v + ".back", i.out(), "")).isEqualTo(ok(dir, "-y", "-f", k));
                }
            }
        }
    }

    @Test
    void wrongPassphraseAndTamperingAreRejected() throws Exception {
        Result e = seashell(dir, "-e", "-m", "PPK", "-N", "secret", "-f", p("ed"));
        Files.writeString(dir.resolve("t.ppk"), e.out());
        assertThat(seashell(dir, "-i", "-m", "PPK", "-P", "wrong", "-f", p("t.ppk")).code()).isEqualTo(255);
        Files.writeString(dir.resolve("t2.ppk"), e.out().replace("Comment: ed@test", "Comment: evil"));
        Result tampered = seashell(dir, "-i", "-m", "PPK", "-P", "secret", "-f", p("t2.ppk"));
        assertThat(tampered.code()).isEqualTo(255);
        assertThat(tampered.out()).isEmpty();
        Files.writeString(dir.resolve("t3.ppk"), seashell(dir, "-e", "-m", "PPK", "-f", p("ec")).out().replace("Comment: ec@test", "Comment: x"));
        assertThat(seashell(dir, "-i", "-m", "PPK", "-f", p("t3.ppk")).code()).isEqualTo(255);
        Files.writeString(dir.resolve("huge.ppk"), e.out().replace("Argon2-Memory: 8192", "Argon2-Memory: 99999999"));
        assertThat(seashell(dir, "-i", "-m", "PPK", "-P", "secret", "-f", p("huge.ppk")).err()).contains("out of range");
    }

    @Test
    void puttygenReadsOurFilesAndWeReadItsFiles() throws Exception {
        assumeTrue(Files.isExecutable(PUTTYGEN), "puttygen not installed");
        for (String k : KEYS) {
            for (String v : new String[] {"2", "3"}) {
                // ours → puttygen → OpenSSH
                Files.writeString(dir.resolve("o" + k + v + ".ppk"),
                        seashell(dir, "-e", "-m", "PPK", "-O", "ppk-version=" + v, "-N", "pass word", "-f", p(k)).out());
                Path conv = dir.resolve("o" + k + v + ".conv");
                puttygen(p("o" + k + v + ".ppk"), "--old-passphrase", p("pwfile"), "--new-passphrase", "/dev/null",
                        "-O", "private-openssh", "-o", conv.toString());
                assertThat(ok(dir, "-y", "-f", conv.toString()).strip().split(" ")[1]).isEqualTo(ok(dir, "-y", "-f", k).strip().split(" ")[1]);
                // puttygen → ours → OpenSSH
                Path theirs = dir.resolve("p" + k + v + ".ppk");
                puttygen(p(k), "--new-passphrase", p("pwfile"), "--ppk-param", "version=" + v, "-o", theirs.toString());
                Result i = seashell(dir, "-i", "-m", "PPK", "-P", "pass word", "-f", theirs.toString());
                assertThat(i.code()).as(k + v + i.err()).isZero();
                assertThat(publicOf("p" + k + v + ".back", i.out(), "").strip().split(" ")[1]).isEqualTo(ok(dir, "-y", "-f", k).strip().split(" ")[1]);
            }
        }
    }

    private static void puttygen(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(PUTTYGEN.toString()));
        cmd.addAll(List.of(args));
        Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertThat(pr.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pr.exitValue()).as(out).isZero();
    }
}

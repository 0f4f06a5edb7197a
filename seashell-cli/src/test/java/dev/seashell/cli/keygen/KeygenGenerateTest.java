package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static dev.seashell.cli.keygen.KeygenTools.seashellIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key generation: prompts, messages, file formats; every key is checked with OpenSSH's ssh-keygen. */
class KeygenGenerateTest {
    @TempDir
    Path home;

    @BeforeAll
    static void requireOpenSsh() {
        KeygenTools.assumeOpenSsh();
    }

    @Test
    void promptsForFileAndPassphraseAndRepeatsOnMismatch() throws Exception {
        Path dflt = home.resolve(".ssh/id_ed25519");
        Result r = seashellIn(home, "\nfirst\nsecond\npw\npw\n", "-t", "ed25519", "-C", "me@test");
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEqualTo("Enter passphrase (empty for no passphrase): Enter same passphrase again: "
                + "Enter passphrase (empty for no passphrase): Enter same passphrase again: ");
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("Generating public/private ed25519 key pair.");
        assertThat(lines.get(1)).isEqualTo("Enter file in which to save the key (" + dflt + "): Created directory '" + home.resolve(".ssh") + "'.");
        assertThat(lines.get(2)).isEqualTo("Passphrases do not match.  Try again.");
        assertThat(lines.subList(3, 6)).containsExactly("Your identification has been saved in " + dflt,
                "Your public key has been saved in " + dflt + ".pub", "The key fingerprint is:");
        // The fingerprint line and picture are what OpenSSH prints for the same key.
        String theirs = ok(home, "-lv", "-f", dflt + ".pub");
        List<String> t = theirs.lines().toList();
        assertThat(lines.get(6)).isEqualTo(t.get(0).replaceFirst("^256 ", "").replace(" (ED25519)", ""));
        assertThat(lines.get(7)).isEqualTo("The key's randomart image is:");
        assertThat(lines.subList(8, lines.size())).isEqualTo(t.subList(1, t.size()));
        // OpenSSH opens it with the passphrase chosen at the second attempt, and the file is private.
        assertThat(ok(home, "-y", "-P", "pw", "-f", dflt.toString()).strip()).isEqualTo(Files.readString(Path.of(dflt + ".pub")).strip());
        assertThat(openssh(home, "-y", "-P", "first", "-f", dflt.toString()).code()).isNotZero();
        assertThat(Files.getPosixFilePermissions(dflt)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void eachTypeIsReadableByOpenSsh() throws Exception {
        for (String[] tb : new String[][] {{"ed25519", "256"}, {"ecdsa", "256"}, {"ecdsa", "521"}, {"rsa", "2048"}}) {
            Path f = home.resolve("k_" + tb[0] + tb[1]);
            Result r = seashell(home, "-q", "-t", tb[0], "-b", tb[1], "-N", "pass phrase", "-a", "4", "-C", "c " + tb[0], "-f", f.toString());
            assertThat(r.code()).isZero();
            assertThat(r.out()).isEmpty();
            String pub = ok(home, "-y", "-P", "pass phrase", "-f", f.toString());
            assertThat(Files.readString(Path.of(f + ".pub"))).isEqualTo(pub);
            assertThat(ok(home, "-l", "-f", f + ".pub")).startsWith(tb[1] + " SHA256:");
        }
    }

    @Test
    void overwriteNeedsConsent() throws Exception {
        Path f = home.resolve("key");
        assertThat(seashell(home, "-q", "-t", "ed25519", "-N", "", "-f", f.toString()).code()).isZero();
        String before = Files.readString(f);
        Result no = seashellIn(home, "n\n", "-t", "ed25519", "-N", "", "-f", f.toString());
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.out()).endsWith(f + " already exists.\nOverwrite (y/n)? ");
        assertThat(Files.readString(f)).isEqualTo(before);
        Result yes = seashellIn(home, "y\n", "-q", "-t", "ed25519", "-N", "", "-f", f.toString());
        assertThat(yes.code()).isZero();
        assertThat(Files.readString(f)).isNotEqualTo(before);
    }

    @Test
    void pemFormatKeysAreOpenSslPemAndReadableByOpenSsh() throws Exception {
        Path rsa = home.resolve("rsa.pem");
        assertThat(seashell(home, "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", rsa.toString()).code()).isZero();
        assertThat(Files.readString(rsa)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ok(home, "-y", "-f", rsa.toString()).strip().split(" ")[1]).isEqualTo(Files.readString(Path.of(rsa + ".pub")).split(" ")[1]);
        Path ec = home.resolve("ec.pem");
        assertThat(seashell(home, "-q", "-t", "ecdsa", "-m", "PEM", "-N", "secret", "-f", ec.toString()).code()).isZero();
        assertThat(Files.readString(ec)).startsWith("-----BEGIN EC PRIVATE KEY-----").contains("DEK-Info: AES-128-CBC,");
        assertThat(ok(home, "-y", "-P", "secret", "-f", ec.toString()).strip().split(" ")[1]).isEqualTo(Files.readString(Path.of(ec + ".pub")).split(" ")[1]);
        Path plain = home.resolve("ec384.pem");
        assertThat(seashell(home, "-q", "-t", "ecdsa", "-b", "384", "-m", "PEM", "-N", "", "-f", plain.toString()).code()).isZero();
        assertThat(Files.readString(plain)).startsWith("-----BEGIN EC PRIVATE KEY-----").doesNotContain("DEK-Info");
        assertThat(ok(home, "-y", "-f", plain.toString()).strip().split(" ")[1]).isEqualTo(Files.readString(Path.of(plain + ".pub")).split(" ")[1]);
        assertThat(seashell(home, "-y", "-f", plain.toString()).out()).isEqualTo(ok(home, "-y", "-f", plain.toString()));
        Path p8 = home.resolve("ec.p8");
        assertThat(seashell(home, "-q", "-t", "ecdsa", "-m", "PKCS8", "-N", "", "-f", p8.toString()).code()).isZero();
        assertThat(Files.readString(p8)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(ok(home, "-y", "-f", p8.toString())).startsWith("ecdsa-sha2-nistp256 ");
    }

    @Test
    void hostKeysAreGeneratedOnceUnderAPrefix() throws Exception {
        Files.createDirectories(home.resolve("etc/ssh"));
        Path ed = home.resolve("etc/ssh/ssh_host_ed25519_key");
        Result first = seashell(home, "-A", "-f", home.toString());
        assertThat(first.out()).isEqualTo("ssh-keygen: generating new host keys: RSA ECDSA ED25519 \n");
        for (String t : new String[] {"rsa", "ecdsa", "ed25519"}) {
            Path k = home.resolve("etc/ssh/ssh_host_" + t + "_key");
            assertThat(ok(home, "-y", "-f", k.toString()).strip().split(" ")[1]).isEqualTo(Files.readString(Path.of(k + ".pub")).split(" ")[1]);
        }
        String before = Files.readString(ed);
        Files.delete(home.resolve("etc/ssh/ssh_host_ecdsa_key"));
        Result second = seashell(home, "-A", "-f", home.toString());
        assertThat(second.out()).isEqualTo("ssh-keygen: generating new host keys: ECDSA \n");
        assertThat(Files.readString(ed)).isEqualTo(before);
    }

    @Test
    void badTypeAndBadSizeAreRefused() {
        assertThat(seashell(home, "-q", "-t", "dsa", "-N", "", "-f", home.resolve("x").toString()).code()).isNotZero();
        assertThat(seashell(home, "-q", "-t", "ecdsa", "-b", "300", "-N", "", "-f", home.resolve("y").toString()).code()).isEqualTo(255);
        assertThat(Files.exists(home.resolve("x"))).isFalse();
        assertThat(seashell(home, "-j").code()).isEqualTo(1);
    }
}

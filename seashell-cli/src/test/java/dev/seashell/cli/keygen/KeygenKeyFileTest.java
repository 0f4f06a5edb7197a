package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static dev.seashell.cli.keygen.KeygenTools.seashellIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -y, -p, -c, -e, -i and -r, each compared with OpenSSH's ssh-keygen. */
class KeygenKeyFileTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ed@test", "-f", "ed");
        ok(dir, "-q", "-t", "ecdsa", "-b", "521", "-N", "", "-C", "ec@test", "-f", "ec");
        ok(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "rsa@test", "-f", "rsa");
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void publicFromPrivateMatchesOpenSshWithAndWithoutPassphrase() throws Exception {
        ok(dir, "-q", "-t", "ed25519", "-a", "2", "-N", "hunter2", "-C", "locked", "-f", "locked");
        assertThat(seashell(dir, "-y", "-P", "hunter2", "-f", p("locked")).out()).isEqualTo(ok(dir, "-y", "-P", "hunter2", "-f", "locked"));
        Result asked = seashellIn(dir, "hunter2\n", "-y", "-f", p("locked"));
        assertThat(asked.err()).isEqualTo("Enter passphrase: ");
        assertThat(asked.out()).isEqualTo(ok(dir, "-y", "-f", "ed").isEmpty() ? "" : ok(dir, "-y", "-P", "hunter2", "-f", "locked"));
        Result wrong = seashell(dir, "-y", "-P", "nope", "-f", p("locked"));
        assertThat(wrong.code()).isEqualTo(openssh(dir, "-y", "-P", "nope", "-f", "locked").code()).isEqualTo(255);
        assertThat(wrong.err()).contains("incorrect passphrase supplied to decrypt private key");
    }

    @Test
    void passphraseChangeIsAcceptedByOpenSsh() throws Exception {
        Files.copy(dir.resolve("rsa"), dir.resolve("rsa2"));
        Result r = seashell(dir, "-p", "-a", "4", "-N", "new pass", "-f", p("rsa2"));
        assertThat(r.out()).isEqualTo("Key has comment 'rsa@test'\nYour identification has been saved with the new passphrase.\n");
        assertThat(ok(dir, "-y", "-P", "new pass", "-f", "rsa2")).isEqualTo(ok(dir, "-y", "-f", "rsa"));
        assertThat(openssh(dir, "-y", "-P", "", "-f", "rsa2").code()).isNotZero();
        Result back = seashellIn(dir, "again\nagain\n", "-p", "-a", "4", "-P", "new pass", "-f", p("rsa2"));
        assertThat(back.code()).isZero();
        assertThat(ok(dir, "-y", "-P", "again", "-f", "rsa2")).isEqualTo(ok(dir, "-y", "-f", "rsa"));
        Result mismatch = seashellIn(dir, "a\nb\n", "-p", "-P", "again", "-f", p("rsa2"));
        assertThat(mismatch.code()).isEqualTo(1);
        assertThat(mismatch.out()).contains("Pass phrases do not match.  Try again.");
    }

    @Test
    void commentChangeRewritesBothFilesLikeOpenSsh() throws Exception {
        Files.copy(dir.resolve("ec"), dir.resolve("ours"));
        Files.copy(dir.resolve("ec"), dir.resolve("theirs"));
        Result r = seashell(dir, "-c", "-C", "renamed", "-f", p("ours"));
        Result t = openssh(dir, "-c", "-C", "renamed", "-f", "theirs");
        assertThat(r.out()).isEqualTo(t.out()).isEqualTo("Old comment: ec@test\nComment 'renamed' applied\n");
        assertThat(Files.readString(dir.resolve("ours.pub"))).isEqualTo(Files.readString(dir.resolve("theirs.pub")));
        assertThat(ok(dir, "-l", "-f", "ours")).isEqualTo(ok(dir, "-l", "-f", "theirs"));
    }

    @Test
    void exportMatchesOpenSshInEveryFormat() throws Exception {
        for (String k : new String[] {"ed.pub", "ec.pub", "rsa.pub", "rsa"}) {
            assertThat(seashell(dir, "-e", "-f", p(k)).out()).as(k).isEqualTo(ok(dir, "-e", "-f", k));
            if (!k.startsWith("ed")) {
                assertThat(seashell(dir, "-e", "-m", "PKCS8", "-f", p(k)).out()).as(k).isEqualTo(ok(dir, "-e", "-m", "PKCS8", "-f", k));
                assertThat(seashell(dir, "-e", "-m", "PEM", "-f", p(k)).out()).as(k).isEqualTo(ok(dir, "-e", "-m", "PEM", "-f", k));
            }
        }
        Result ed = seashell(dir, "-e", "-m", "PKCS8", "-f", p("ed.pub"));
        assertThat(ed.code()).isEqualTo(openssh(dir, "-e", "-m", "PKCS8", "-f", "ed.pub").code()).isEqualTo(255);
    }

    @Test
    void importReadsWhatOpenSshExports() throws Exception {
        for (String k : new String[] {"ed.pub", "ec.pub", "rsa.pub"}) {
            Files.writeString(dir.resolve(k + ".rfc"), ok(dir, "-e", "-f", k));
            assertThat(seashell(dir, "-i", "-f", p(k + ".rfc")).out()).isEqualTo(ok(dir, "-i", "-f", k + ".rfc"));
            if (k.startsWith("ed")) continue;
            for (String m : new String[] {"PKCS8", "PEM"}) {
                if (m.equals("PEM") && k.startsWith("ec")) continue; // OpenSSH cannot read back its own EC "PEM" export
                Files.writeString(dir.resolve(k + "." + m), ok(dir, "-e", "-m", m, "-f", k));
                assertThat(seashell(dir, "-i", "-m", m, "-f", p(k + "." + m)).out()).isEqualTo(ok(dir, "-i", "-m", m, "-f", k + "." + m));
            }
        }
        // RFC 4716 headers may be continued with a backslash and the body split anywhere.
        String blob = Files.readString(dir.resolve("ed.pub")).split(" ")[1];
        Files.writeString(dir.resolve("wrapped.rfc"), "---- BEGIN SSH2 PUBLIC KEY ----\nSubject: me\nComment: \"a long \\\ncomment\"\n"
                + blob.substring(0, 20) + "\n" + blob.substring(20) + "\n---- END SSH2 PUBLIC KEY ----\n");
        assertThat(seashell(dir, "-i", "-f", p("wrapped.rfc")).out()).isEqualTo(ok(dir, "-i", "-f", "wrapped.rfc"));
    }

    @Test
    void sshfpRecordsMatchOpenSsh() throws Exception {
        for (String k : new String[] {"ed.pub", "ec.pub", "rsa.pub"}) {
            assertThat(seashell(dir, "-r", "host.example", "-f", p(k)).out()).isEqualTo(ok(dir, "-r", "host.example", "-f", k));
            assertThat(seashell(dir, "-r", "host.example", "-g", "-f", p(k)).out()).isEqualTo(ok(dir, "-r", "host.example", "-g", "-f", k));
        }
    }
}

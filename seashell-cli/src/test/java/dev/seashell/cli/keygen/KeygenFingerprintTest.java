package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -l / -lv / -E against OpenSSH's ssh-keygen on the same files: output must be identical. */
class KeygenFingerprintTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ed@test", "-f", "ed");
        ok(dir, "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-C", "ec@test", "-f", "ec");
        ok(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "secret", "-C", "rsa@test", "-f", "rsa");
    }

    private static void same(String... args) throws Exception {
        Result theirs = openssh(dir, args);
        String[] abs = args.clone();
        for (int i = 0; i < abs.length; i++) if (i > 0 && abs[i - 1].equals("-f")) abs[i] = dir.resolve(abs[i]).toString();
        Result ours = seashell(dir, abs);
        assertThat(theirs.code()).as("ssh-keygen exit").isZero();
        assertThat(ours.out()).isEqualTo(theirs.out());
        assertThat(ours.code()).isEqualTo(theirs.code());
    }

    @Test
    void fingerprintLinesAndRandomartMatchForEachKeyType() throws Exception {
        for (String k : new String[] {"ed.pub", "ec.pub", "rsa.pub"}) {
            same("-l", "-f", k);
            same("-lv", "-f", k);
            same("-l", "-v", "-E", "md5", "-f", k);
        }
    }

    @Test
    void privateKeyFilesUseTheirPublicHalf() throws Exception {
        same("-l", "-f", "ed");
        same("-lv", "-f", "rsa"); // encrypted: the comment comes from rsa.pub
        Files.copy(dir.resolve("ec"), dir.resolve("lonely"));
        same("-l", "-f", "lonely"); // no .pub beside it: comment read from the unencrypted file
    }

    @Test
    void authorizedKeysAndKnownHostsFilesGiveOneLinePerKey() throws Exception {
        String ed = Files.readString(dir.resolve("ed.pub")).strip();
        String ec = Files.readString(dir.resolve("ec.pub")).strip().replace(" ec@test", "");
        String text = "# comment\n\nfrom=\"10.0.0.1 x\",no-pty " + ed + "\n"
                + "host1,192.0.2.7 " + ec + "\n"
                + "[host2]:2222 " + ec + " trailing words\n"
                + ec + "\n"
                + "@cert-authority *.example " + ec + "\n"
                + "not a key\n"
                + ec + "\n";
        Files.writeString(dir.resolve("mixed"), text);
        same("-l", "-f", "mixed");
        same("-lv", "-E", "md5", "-f", "mixed");
    }

    @Test
    void filesWithoutKeysFailLikeOpenSsh() throws Exception {
        Files.writeString(dir.resolve("junk"), "nothing here\n");
        Result ours = seashell(dir, "-l", "-f", dir.resolve("junk").toString());
        Result theirs = openssh(dir, "-l", "-f", "junk");
        assertThat(ours.code()).isEqualTo(theirs.code()).isEqualTo(255);
        assertThat(ours.err()).contains("is not a public key file.");
        assertThat(seashell(dir, "-l", "-f", dir.resolve("absent").toString()).code()).isEqualTo(255);
    }
}

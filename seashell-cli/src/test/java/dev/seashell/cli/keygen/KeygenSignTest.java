package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.opensshIn;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static dev.seashell.cli.keygen.KeygenTools.seashellIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.keygen.KeygenTools.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Y sign/verify/check-novalidate/find-principals, crossed with OpenSSH in both directions. */
class KeygenSignTest {
    private static final String MESSAGE = "the quick brown fox\n";
    private static final String[] KEYS = {"ed", "ec", "rsa"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ed@test", "-f", "ed");
        ok(dir, "-q", "-t", "ecdsa", "-b", "384", "-N", "", "-C", "ec@test", "-f", "ec");
        ok(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "rsa@test", "-f", "rsa");
        StringBuilder allowed = new StringBuilder("# signers\n");
        for (String k : KEYS) {
            String[] pub = Files.readString(dir.resolve(k + ".pub")).split(" ");
            allowed.append(k).append("@test,*@any.example ").append(pub[0]).append(' ').append(pub[1]).append('\n');
        }
        Files.writeString(dir.resolve("allowed"), allowed.toString());
        Files.writeString(dir.resolve("msg"), MESSAGE);
    }

    private static String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void seashellSignaturesVerifyWithOpenSsh() throws Exception {
        for (String k : KEYS) {
            Path msg = dir.resolve("ours-" + k);
            Files.writeString(msg, MESSAGE);
            Result r = seashell(dir, "-Y", "sign", "-f", p(k), "-n", "file", msg.toString());
            assertThat(r.code()).isZero();
            assertThat(r.err()).isEqualTo("Signing file " + msg + "\nWrite signature to " + msg + ".sig\n");
            Result v = opensshIn(dir, MESSAGE, "-Y", "verify", "-f", "allowed", "-I", k + "@test", "-n", "file", "-s", msg + ".sig");
            assertThat(v.code()).as(k + ": " + v.err()).isZero();
            assertThat(v.out()).startsWith("Good \"file\" signature for " + k + "@test with ");
            assertThat(opensshIn(dir, MESSAGE + "x", "-Y", "verify", "-f", "allowed", "-I", k + "@test", "-n", "file", "-s", msg + ".sig").code()).isNotZero();
        }
    }

    @Test
    void openSshSignaturesVerifyWithSeashellWithIdenticalOutput() throws Exception {
        for (String k : KEYS) {
            Path msg = dir.resolve("theirs-" + k);
            Files.writeString(msg, MESSAGE);
            ok(dir, "-Y", "sign", "-f", k, "-n", "file", msg.toString());
            String[] verify = {"-Y", "verify", "-f", p("allowed"), "-I", "someone@any.example", "-n", "file", "-s", msg + ".sig"};
            Result ours = seashellIn(dir, MESSAGE, verify);
            Result theirs = opensshIn(dir, MESSAGE, verify);
            assertThat(ours.out()).isEqualTo(theirs.out());
            assertThat(ours.code()).isEqualTo(theirs.code()).isZero();
            String[] check = {"-Y", "check-novalidate", "-n", "file", "-s", msg + ".sig"};
            assertThat(seashellIn(dir, MESSAGE, check).out()).isEqualTo(opensshIn(dir, MESSAGE, check).out());
            String[] find = {"-Y", "find-principals", "-f", p("allowed"), "-s", msg + ".sig"};
            assertThat(seashell(dir, find).out()).isEqualTo(ok(dir, find)).isEqualTo(k + "@test\n*@any.example\n");
        }
    }

    @Test
    void wrongMessageNamespaceOrIdentityIsRejectedLikeOpenSsh() throws Exception {
        ok(dir, "-Y", "sign", "-f", "ed", "-n", "file", "msg");
        String[][] cases = {
            {MESSAGE + "!", "ed@test", "file"},
            {MESSAGE, "ec@test", "file"},
            {MESSAGE, "ed@test", "email"},
        };
        for (String[] c : cases) {
            String[] args = {"-Y", "verify", "-f", p("allowed"), "-I", c[1], "-n", c[2], "-s", p("msg.sig")};
            Result ours = seashellIn(dir, c[0], args);
            Result theirs = opensshIn(dir, c[0], args);
            assertThat(ours.code()).as(String.join(" ", c)).isEqualTo(theirs.code()).isEqualTo(255);
            assertThat(ours.out()).isEqualTo(theirs.out()).isEqualTo("Could not verify signature.\n");
        }
    }

    @Test
    void allowedSignerOptionsRestrictNamespacesAndValidity() throws Exception {
        String[] pub = Files.readString(dir.resolve("ed.pub")).split(" ");
        String key = pub[0] + " " + pub[1];
        Files.writeString(dir.resolve("restricted"), "ns@test namespaces=\"git,mail\" " + key + "\n"
                + "old@test valid-before=\"20000101\" " + key + "\n"
                + "future@test valid-after=\"29990101Z\" " + key + "\n"
                + "now@test valid-after=\"20000101\",valid-before=\"29990101\" " + key + "\n"
                + "unquoted@test valid-after=20000101 " + key + "\n");
        for (String ns : new String[] {"git", "file"}) {
            ok(dir, "-Y", "sign", "-f", "ed", "-n", ns, "msg");
            for (String id : new String[] {"ns@test", "old@test", "future@test", "now@test", "unquoted@test"}) {
                String[] args = {"-Y", "verify", "-f", p("restricted"), "-I", id, "-n", ns, "-s", p("msg.sig")};
                assertThat(seashellIn(dir, MESSAGE, args).code()).as(id + " " + ns).isEqualTo(opensshIn(dir, MESSAGE, args).code());
            }
            Files.delete(dir.resolve("msg.sig"));
        }
    }

    @Test
    void signingStdinWritesTheSignatureToStdout() throws Exception {
        Result r = seashellIn(dir, MESSAGE, "-Y", "sign", "-f", p("ec"), "-n", "file");
        assertThat(r.out()).startsWith("-----BEGIN SSH SIGNATURE-----\n").endsWith("-----END SSH SIGNATURE-----\n");
        Files.writeString(dir.resolve("stdin.sig"), r.out());
        assertThat(opensshIn(dir, MESSAGE, "-Y", "check-novalidate", "-n", "file", "-s", "stdin.sig").code()).isZero();
        assertThat(seashell(dir, "-Y", "bogus").code()).isEqualTo(1);
        assertThat(openssh(dir, "-Y", "find-principals", "-f", "allowed", "-s", "stdin.sig").out()).isEqualTo("ec@test\n*@any.example\n");
    }
}

package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** seashell keygen -k and -Q against ssh-keygen: the same specification gives KRLs that both tools read alike. */
class KeygenKrlTest {
    @TempDir
    static Path dir;
    static Path ca;
    static final List<String> probes = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ca = dir.resolve("ca");
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ca", "-f", ca.toString());
        for (String k : List.of("a", "b", "c", "d")) {
            ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "key " + k, "-f", dir.resolve(k).toString());
            probes.add(dir.resolve(k + ".pub").toString());
        }
        int serial = 1;
        for (String id : List.of("s1", "s2", "s3", "named")) {
            Path p = dir.resolve(id + ".pub");
            Files.copy(dir.resolve("a.pub"), p);
            ok(dir, "-q", "-s", ca.toString(), "-I", id, "-z", Integer.toString(id.equals("named") ? 0 : serial++), p.toString());
            probes.add(dir.resolve(id + "-cert.pub").toString());
        }
        probes.add(ca + ".pub");
    }

    private static Path spec() throws Exception {
        return Files.writeString(dir.resolve("spec"), "# spec\nserial: 2-3\nid: named\nkey: " + Files.readString(dir.resolve("b.pub"))
                + "sha1: " + Files.readString(dir.resolve("c.pub")) + "sha256: " + Files.readString(dir.resolve("d.pub")));
    }

    private static String[] check(Path krl) {
        List<String> a = new ArrayList<>(List.of("-Q", "-f", krl.toString()));
        a.addAll(probes);
        return a.toArray(String[]::new);
    }

    private static void assertBothAgree(Path krl, String expected) throws Exception {
        KeygenTools.Result theirs = openssh(dir, check(krl));
        KeygenTools.Result ours = seashell(dir, check(krl));
        assertThat(ours.out()).isEqualTo(theirs.out()).isEqualTo(expected);
        assertThat(ours.code()).isEqualTo(theirs.code()).isEqualTo(1);
    }

    private static String expected() {
        String[] verdicts = {"ok", "REVOKED", "REVOKED", "REVOKED", "ok", "REVOKED", "REVOKED", "REVOKED", "ok"};
        String[] comments = {"key a", "key b", "key c", "key d", "key a", "key a", "key a", "key a", "ca"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < probes.size(); i++) b.append(probes.get(i)).append(" (").append(comments[i]).append("): ").append(verdicts[i]).append('\n');
        return b.toString();
    }

    @Test
    void krlMadeHereReadsTheSameInSshKeygen() throws Exception {
        Path krl = dir.resolve("seashell.krl");
        KeygenTools.Result r = seashell(dir, "-k", "-f", krl.toString(), "-s", ca + ".pub", "-z", "4", spec().toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("Revoking from " + dir.resolve("spec") + "\n");
        assertBothAgree(krl, expected());
        assertThat(ok(dir, "-Q", "-l", "-f", krl.toString())).startsWith("# KRL version 4\n");
    }

    @Test
    void krlMadeBySshKeygenReadsTheSameHere() throws Exception {
        Path krl = dir.resolve("openssh.krl");
        ok(dir, "-q", "-k", "-f", krl.toString(), "-s", ca + ".pub", spec().toString());
        assertBothAgree(krl, expected());
    }

    @Test
    void updateAddsToAnExistingKrlAndCaKeysRevokeTheirCertificates() throws Exception {
        Path krl = dir.resolve("update.krl");
        Path first = Files.writeString(dir.resolve("first"), Files.readString(dir.resolve("b.pub")));
        Path second = Files.writeString(dir.resolve("second"), Files.readString(ca.resolveSibling("ca.pub")));
        assertThat(seashell(dir, "-k", "-f", krl.toString(), first.toString()).code()).isZero();
        assertThat(seashell(dir, "-k", "-u", "-f", krl.toString(), second.toString()).code()).isZero();
        String[] verdicts = {"ok", "REVOKED", "ok", "ok", "REVOKED", "REVOKED", "REVOKED", "REVOKED", "REVOKED"};
        KeygenTools.Result theirs = openssh(dir, check(krl));
        assertThat(seashell(dir, check(krl)).out()).isEqualTo(theirs.out());
        for (int i = 0; i < verdicts.length; i++) assertThat(theirs.out().lines().toList().get(i)).endsWith(": " + verdicts[i]);
    }

    @Test
    void serialsNeedACaKey() throws Exception {
        Path spec = Files.writeString(dir.resolve("serials"), "serial: 5\n");
        KeygenTools.Result r = seashell(dir, "-k", "-f", dir.resolve("nope.krl").toString(), spec.toString());
        assertThat(r.code()).isEqualTo(255);
        assertThat(r.err()).contains("revoking certificates by serial number requires specification of a CA key");
        assertThat(seashell(dir, "-k", "-u", "-f", dir.resolve("missing.krl").toString(), spec.toString()).err())
                .contains("KRL \"" + dir.resolve("missing.krl") + "\" does not exist");
    }
}

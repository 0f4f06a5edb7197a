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

/** -F, -R and -H on known_hosts files, compared with (and re-read by) OpenSSH's ssh-keygen. */
class KeygenKnownHostsTest {
    @TempDir
    static Path keys;
    static String contents;

    @TempDir
    Path ours;
    @TempDir
    Path theirs;

    @BeforeAll
    static void file() throws Exception {
        KeygenTools.assumeOpenSsh();
        ok(keys, "-q", "-t", "ed25519", "-N", "", "-f", "a");
        ok(keys, "-q", "-t", "ecdsa", "-N", "", "-f", "b");
        String a = Files.readString(keys.resolve("a.pub")).split(" ")[0] + " " + Files.readString(keys.resolve("a.pub")).split(" ")[1];
        String b = Files.readString(keys.resolve("b.pub")).split(" ")[0] + " " + Files.readString(keys.resolve("b.pub")).split(" ")[1];
        contents = "# my hosts\nalpha,192.0.2.1 " + a + "\nbeta " + b + "\n[gamma]:2222 " + a + "\n*.wild " + b + "\nalpha " + b + "\n"
                + "@revoked beta " + a + "\n";
    }

    private Path fresh(Path d) throws Exception {
        Path f = d.resolve("known_hosts");
        Files.writeString(f, contents);
        return f;
    }

    @Test
    void findPrintsTheSameLinesAsOpenSsh() throws Exception {
        Path f = fresh(ours);
        for (String host : new String[] {"alpha", "192.0.2.1", "beta", "[gamma]:2222", "x.wild", "nobody"}) {
            Result t = openssh(ours, "-F", host, "-f", f.toString());
            Result r = seashell(ours, "-F", host, "-f", f.toString());
            assertThat(r.out()).as(host).isEqualTo(t.out());
            assertThat(r.code()).as(host).isEqualTo(t.code());
        }
    }

    @Test
    void removeMatchesOpenSshAndKeepsTheOriginal() throws Exception {
        for (String host : new String[] {"alpha", "[gamma]:2222", "192.0.2.1"}) {
            Path o = fresh(ours);
            Path t = fresh(theirs);
            Result r = seashell(ours, "-R", host, "-f", o.toString());
            Result x = openssh(theirs, "-R", host, "-f", t.toString());
            assertThat(r.out().replace(ours.toString(), "DIR")).as(host).isEqualTo(x.out().replace(theirs.toString(), "DIR"));
            assertThat(Files.readString(o)).as(host).isEqualTo(Files.readString(t));
            assertThat(Files.readString(Path.of(o + ".old"))).isEqualTo(contents);
            assertThat(openssh(ours, "-F", host, "-f", o.toString()).code()).isEqualTo(1);
        }
        Path o = fresh(ours);
        Result none = seashell(ours, "-R", "nobody", "-f", o.toString());
        assertThat(none.err()).isEqualTo("Host nobody not found in " + o + "\n");
        assertThat(Files.readString(o)).isEqualTo(contents);
    }

    @Test
    void hashedFileIsSearchableByOpenSsh() throws Exception {
        Path f = fresh(ours);
        Result r = seashell(ours, "-H", "-f", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(f + " updated.\nOriginal contents retained as " + f + ".old\n");
        assertThat(r.err()).contains("WARNING: " + f + ".old contains unhashed entries");
        String hashed = Files.readString(f);
        assertThat(hashed).doesNotContain("alpha").doesNotContain("192.0.2.1").contains("*.wild").contains("# my hosts");
        assertThat(Files.readString(Path.of(f + ".old"))).isEqualTo(contents);
        for (String host : new String[] {"alpha", "192.0.2.1", "beta", "[gamma]:2222"}) {
            assertThat(openssh(ours, "-F", host, "-f", f.toString()).code()).as(host).isZero();
            assertThat(seashell(ours, "-F", host, "-f", f.toString()).out()).as(host).isEqualTo(ok(ours, "-F", host, "-f", f.toString()));
        }
        // And OpenSSH can still remove a hashed host.
        assertThat(openssh(ours, "-R", "alpha", "-f", f.toString()).code()).isZero();
        assertThat(openssh(ours, "-F", "alpha", "-f", f.toString()).code()).isEqualTo(1);
        assertThat(openssh(ours, "-F", "beta", "-f", f.toString()).code()).isZero();
    }
}

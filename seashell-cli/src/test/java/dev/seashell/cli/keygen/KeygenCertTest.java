package dev.seashell.cli.keygen;

import static dev.seashell.cli.keygen.KeygenTools.ok;
import static dev.seashell.cli.keygen.KeygenTools.openssh;
import static dev.seashell.cli.keygen.KeygenTools.seashell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * seashell keygen -s and -L against ssh-keygen: certificates Seashell signs are read back by
 * ssh-keygen -L exactly as Seashell prints them, and ssh-keygen's certificates print the same with
 * seashell keygen -L, byte for byte.
 */
class KeygenCertTest {
    @TempDir
    static Path dir;
    static Path ca;
    static Path rsaCa;
    static Path user;

    @BeforeAll
    static void keys() throws Exception {
        KeygenTools.assumeOpenSsh();
        ca = dir.resolve("ca");
        rsaCa = dir.resolve("rsa_ca");
        user = dir.resolve("user");
        ok(dir, "-q", "-t", "ed25519", "-N", "", "-C", "ca", "-f", ca.toString());
        ok(dir, "-q", "-t", "rsa", "-b", "2048", "-N", "", "-C", "rsa ca", "-f", rsaCa.toString());
        ok(dir, "-q", "-t", "ecdsa", "-N", "", "-C", "user comment", "-f", user.toString());
    }

    /** Copies user.pub to a fresh name so each test has its own -cert.pub output. */
    private static Path pub(String name) throws Exception {
        Path p = dir.resolve(name + ".pub");
        Files.copy(dir.resolve("user.pub"), p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return p;
    }

    private static void assertSameListing(Path cert) throws Exception {
        KeygenTools.Result theirs = openssh(dir, "-L", "-f", cert.toString());
        KeygenTools.Result ours = seashell(dir, "-L", "-f", cert.toString());
        assertThat(theirs.code()).as(theirs.err()).isZero();
        assertThat(ours.code()).as(ours.err()).isZero();
        assertThat(ours.out()).isEqualTo(theirs.out());
    }

    @Test
    void seashellSignsAUserCertificateThatSshKeygenReads() throws Exception {
        Path p = pub("signed_by_seashell");
        KeygenTools.Result r = seashell(dir, "-s", ca.toString(), "-I", "alice id", "-n", "alice,bob", "-z", "42",
                "-V", "20200101:20990101123456", "-O", "force-command=ls -l", "-O", "source-address=127.0.0.1/32,::1",
                "-O", "no-pty", "-O", "extension:foo@example.com=bar", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path cert = dir.resolve("signed_by_seashell-cert.pub");
        assertThat(r.err()).isEqualTo("Signed user key " + cert + ": id \"alice id\" serial 42 for alice,bob valid from "
                + "2020-01-01T00:00:00 to 2099-01-01T12:34:56\n");
        String listing = ok(dir, "-L", "-f", cert.toString());
        assertThat(listing).contains("Type: ecdsa-sha2-nistp256-cert-v01@openssh.com user certificate",
                "Key ID: \"alice id\"", "Serial: 42", "force-command ls -l", "source-address 127.0.0.1/32,::1",
                "permit-X11-forwarding").doesNotContain("permit-pty");
        assertSameListing(cert);
        assertThat(Files.readString(cert)).endsWith(" user comment\n");
        for (String[] l : new String[][] {{"-l", "-f", cert.toString()}, {"-lv", "-f", cert.toString()}}) {
            assertThat(seashell(dir, l).out()).as("fingerprint of a certificate").isEqualTo(ok(dir, l));
        }
    }

    @Test
    void hostCertificateWithRsaCaUsesRsaSha512() throws Exception {
        Path p = pub("host_by_seashell");
        KeygenTools.Result r = seashell(dir, "-q", "-s", rsaCa.toString(), "-I", "host", "-h", "-n", "h1.example,h2", p.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path cert = dir.resolve("host_by_seashell-cert.pub");
        SshCertificate c = (SshCertificate) PublicKeyLine.parse(Files.readString(cert)).key();
        assertThat(c.kind()).isEqualTo(SshCertificate.Kind.HOST);
        assertThat(c.extensions()).isEmpty();
        assertThat(c.signatureAlgorithm()).isEqualTo("rsa-sha2-512");
        assertThat(c.verify(Instant.now())).isTrue();
        assertThat(ok(dir, "-L", "-f", cert.toString())).contains("host certificate", "(using rsa-sha2-512)", "h1.example");
        assertSameListing(cert);
    }

    @Test
    void listingMatchesSshKeygenForItsOwnCertificates() throws Exception {
        String[][] variants = {
                {"-I", "plain"},
                {"-I", "rel", "-V", "-1d:+52w", "-n", "a b,c", "-z", "18446744073709551615"},
                {"-I", "opts", "-O", "clear", "-O", "permit-pty", "-O", "verify-required", "-O", "no-touch-required",
                        "-O", "critical:zz@x", "-O", "extension:ext@x=val", "-V", "always:20300101"},
                {"-I", "after", "-h", "-V", "20200101:forever"},
        };
        int i = 0;
        for (String[] v : variants) {
            Path p = pub("by_openssh_" + i++);
            String[] args = new String[v.length + 3];
            args[0] = "-s";
            args[1] = ca.toString();
            System.arraycopy(v, 0, args, 2, v.length);
            args[args.length - 1] = p.toString();
            ok(dir, args);
            Path cert = Path.of(p.toString().replace(".pub", "-cert.pub"));
            assertSameListing(cert);
        }
    }

    @Test
    void listingOfSeveralLinesNumbersThemAndRefusesPlainKeys() throws Exception {
        Path p = pub("multi");
        ok(dir, "-s", ca.toString(), "-I", "m", p.toString());
        Path file = dir.resolve("multi.txt");
        Files.writeString(file, "# comment\n" + Files.readString(dir.resolve("user.pub")) + Files.readString(dir.resolve("multi-cert.pub")));
        KeygenTools.Result theirs = openssh(dir, "-L", "-f", file.toString());
        KeygenTools.Result ours = seashell(dir, "-L", "-f", file.toString());
        assertThat(ours.out()).isEqualTo(theirs.out()).startsWith(file + ":3:\n");
        assertThat(ours.err()).as("OpenSSH's error() ends lines in CRLF").isEqualTo(theirs.err().replace("\r\n", "\n"));
        KeygenTools.Result plain = seashell(dir, "-L", "-f", dir.resolve("user.pub").toString());
        assertThat(plain.code()).isEqualTo(1);
    }

    @Test
    void refusesBadOptionsLikeSshKeygen() throws Exception {
        Path p = pub("bad");
        assertThat(seashell(dir, "-s", ca.toString(), p.toString()).err()).contains("Must specify key id (-I) when certifying");
        KeygenTools.Result unknown = seashell(dir, "-s", ca.toString(), "-I", "x", "-O", "foo", p.toString());
        assertThat(unknown.code()).isEqualTo(255);
        assertThat(unknown.err()).contains("Unsupported certificate option \"foo\"");
        assertThat(seashell(dir, "-s", ca.toString(), "-I", "x", "-V", "20200101", p.toString()).err())
                .contains("Invalid certificate life specification 20200101");
        assertThat(seashell(dir, "-s", ca.toString(), "-I", "x", "-V", "20300101:20200101", p.toString()).err())
                .contains("Empty certificate validity interval");
        assertThat(Files.exists(dir.resolve("bad-cert.pub"))).isFalse();
    }

    @Test
    void validitySpecifications() throws Exception {
        long now = 1_700_000_000L;
        assertThat(Certify.validity("+1h", now)).containsExactly((now - 59) / 60 * 60, now + 3600);
        assertThat(Certify.validity("-1d:+1w2d", now)).containsExactly(now - 86400, now + 9 * 86400);
        assertThat(Certify.validity("always:forever", now)).containsExactly(0, -1);
        assertThat(Certify.validity("20200101Z:20200102000000Z", now)).containsExactly(1577836800L, 1577923200L);
        assertThat(Certify.convtime("1h30m")).isEqualTo(5400);
        assertThat(Certify.convtime("5x")).isEqualTo(-1);
    }
}

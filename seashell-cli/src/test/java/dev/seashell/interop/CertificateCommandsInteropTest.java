package dev.seashell.interop;

import static dev.seashell.interop.SshdCertFixture.assertAccepted;
import static dev.seashell.interop.SshdCertFixture.assertRefused;
import static dev.seashell.interop.SshdCertFixture.field;
import static dev.seashell.interop.SshdCertFixture.fingerprint;
import static dev.seashell.interop.SshdCertFixture.sshKeygen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.UserAccount;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code seashell sshd -f} with OpenSSH's ssh as client and ssh-keygen making the CAs and
 * certificates: AuthorizedPrincipalsCommand (tokens, options, non-zero exit, its user) and
 * AuthorizedKeysCommand (plain keys and cert-authority lines).
 */
class CertificateCommandsInteropTest {
    @RegisterExtension
    static final SshdCertFixture f = new SshdCertFixture();

    @Test
    void authorizedPrincipalsCommandGetsItsTokensAndDecides() throws Exception {
        Path args = f.dir.resolve("principals-args");
        Path failFlag = f.dir.resolve("principals-fail");
        Path cmd = f.script("principals", """
                for a in "$@"; do printf '%%s\\n' "$a"; done > %s
                if [ -e %s ]; then echo team-a; exit 1; fi
                [ "$1" = "%s" ] || exit 0
                echo "# principals for $1"
                echo team-a
                echo 'command="echo forced-by-principals" team-forced'
                """.formatted(args, failFlag, Interop.USER));
        Path teamA = f.userCert("team-a", f.ca, "-n", "team-a", "-z", "42");
        Path forced = f.userCert("team-forced", f.ca, "-n", "team-forced");
        Path teamB = f.userCert("team-b", f.ca, "-n", "team-b," + Interop.USER);
        try (SshdCertFixture.Server s = f.sshd("TrustedUserCAKeys " + f.ca + ".pub", "AuthorizedKeysFile none",
                "AuthorizedPrincipalsCommand " + cmd + " %u %i %s %T %F %f %t %K %k %h %U %C %D%% x%%y",
                "AuthorizedPrincipalsCommandUser " + Interop.USER)) {
            assertAccepted(s.login(f.userKey, teamA, "echo hello"), "hello\n", s);
            List<String> got = Files.readAllLines(args);
            UserAccount me = UserAccount.current();
            assertThat(got.subList(0, 11)).containsExactly(Interop.USER, "team-a", "42", "ssh-ed25519",
                    fingerprint(Path.of(f.ca + ".pub")), fingerprint(Path.of(f.userKey + ".pub")),
                    "ssh-ed25519-cert-v01@openssh.com", field(Path.of(f.ca + ".pub"), 1), field(teamA, 1), me.home(),
                    Integer.toString(me.uid()));
            assertThat(got.get(11)).as("%%C").matches("127\\.0\\.0\\.1 \\d+ 127\\.0\\.0\\.1 " + s.port());
            assertThat(got.subList(12, got.size())).as("%%D is empty, %%%% a percent sign").containsExactly("%", "x%y");

            assertAccepted(s.login(f.userKey, forced, "echo hello"), "forced-by-principals\n", s);
            assertRefused(s.login(f.userKey, teamB, "echo hello"), s);

            Files.writeString(failFlag, "");
            assertRefused(s.login(f.userKey, teamA, "echo hello"), s);
            assertThat(s.log()).contains("AuthorizedPrincipalsCommand " + cmd + " exited with status 1");
        }
    }

    /** As root, the command runs as AuthorizedPrincipalsCommandUser: here it prints the name it runs as. */
    @Test
    void principalsCommandRunsAsItsUser() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(UserAccount.current().uid() == 0, "needs root to switch users");
        org.junit.jupiter.api.Assumptions.assumeTrue(UserAccount.lookup("nobody").isPresent(), "no user nobody");
        Path open = Files.createTempDirectory("seashell-principals");
        try {
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path cmd = Interop.write(open.resolve("whoami-principal"), "#!/bin/sh\nid -un\n");
            Files.setPosixFilePermissions(cmd, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path asNobody = f.userCert("as-nobody", f.ca, "-n", "nobody");
            Path asRoot = f.userCert("as-root", f.ca, "-n", Interop.USER);
            try (SshdCertFixture.Server s = f.sshd("TrustedUserCAKeys " + f.ca + ".pub", "AuthorizedKeysFile none",
                    "AuthorizedPrincipalsCommand " + cmd, "AuthorizedPrincipalsCommandUser nobody")) {
                assertAccepted(s.login(f.userKey, asNobody, "echo hello"), "hello\n", s);
                assertRefused(s.login(f.userKey, asRoot, "echo hello"), s);
            }
        } finally {
            try (var files = Files.list(open)) {
                for (Path f : files.toList()) Files.delete(f);
            }
            Files.delete(open);
        }
    }

    @Test
    void principalsCommandWithoutItsUserStopsTheServer() throws IOException {
        Path config = Interop.write(f.dir.resolve("sshd_config_nouser"), """
                HostKey %s
                AuthorizedPrincipalsCommand /bin/true
                """.formatted(f.hostKey));
        ProcessRunner.Result r = ProcessRunner.command(Interop.seashell("sshd", "-t", "-f", config.toString())).timeout(SshdCertFixture.TIMEOUT).run();
        assertThat(r.exitCode()).as(r.describe()).isEqualTo(255);
        assertThat(r.stderrText()).contains("AuthorizedPrincipalsCommand set without AuthorizedPrincipalsCommandUser");
        Path relative = Interop.write(f.dir.resolve("sshd_config_relative"), """
                HostKey %s
                AuthorizedKeysCommand bin/keys
                AuthorizedKeysCommandUser nobody
                """.formatted(f.hostKey));
        ProcessRunner.Result rel = ProcessRunner.command(Interop.seashell("sshd", "-t", "-f", relative.toString())).timeout(SshdCertFixture.TIMEOUT).run();
        assertThat(rel.exitCode()).as(rel.describe()).isEqualTo(255);
        assertThat(rel.stderrText()).contains("line 2: AuthorizedKeysCommand must be an absolute path");
    }

    @Test
    void authorizedKeysCommandAuthorizesAPlainKey() throws Exception {
        Path args = f.dir.resolve("keys-args");
        Path cmd = f.script("keys", """
                for a in "$@"; do printf '%%s\\n' "$a"; done > %s
                [ "$1" = "%s" ] || exit 0
                echo 'command="echo from-keys-command" %s'
                echo 'cert-authority,principals="team-x" %s'
                """.formatted(args, Interop.USER, Files.readString(Path.of(f.userKey + ".pub")).strip(),
                Files.readString(Path.of(f.ca2 + ".pub")).strip()));
        // A second key, not listed by the command itself, so a refused certificate has no plain-key fallback.
        Path other = f.dir.resolve("other");
        OpenSsh.keygen("ed25519", 0, other, "other");
        Path teamX = f.dir.resolve("other-x.pub");
        Path teamY = f.dir.resolve("other-y.pub");
        Files.copy(Path.of(other + ".pub"), teamX);
        Files.copy(Path.of(other + ".pub"), teamY);
        sshKeygen("-q", "-s", f.ca2.toString(), "-I", "x", "-n", "team-x", teamX.toString());
        sshKeygen("-q", "-s", f.ca2.toString(), "-I", "y", "-n", "team-y", teamY.toString());
        teamX = f.dir.resolve("other-x-cert.pub");
        teamY = f.dir.resolve("other-y-cert.pub");
        try (SshdCertFixture.Server s = f.sshd("AuthorizedKeysFile none", "AuthorizedKeysCommand " + cmd + " %u %f %t %k",
                "AuthorizedKeysCommandUser " + Interop.USER)) {
            assertAccepted(s.login(f.userKey, null, "echo hello"), "from-keys-command\n", s);
            assertThat(Files.readAllLines(args)).containsExactly(Interop.USER, fingerprint(Path.of(f.userKey + ".pub")),
                    "ssh-ed25519", field(Path.of(f.userKey + ".pub"), 1));
            assertAccepted(s.login(other, teamX, "echo hello"), "hello\n", s);
            assertThat(Files.readAllLines(args).get(2)).as("%%t of a certificate").isEqualTo("ssh-ed25519-cert-v01@openssh.com");
            assertRefused(s.login(other, teamY, "echo hello"), s);
        }
    }
}

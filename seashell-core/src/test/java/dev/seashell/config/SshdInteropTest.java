package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares {@link SshdConfig#dump()} with the installed {@code sshd -T}. */
class SshdInteropTest {
    private static final String SSHD = "/usr/sbin/sshd";

    @TempDir
    Path dir;
    Path hostKey;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(OpenSshTool.exists(SSHD) && OpenSshTool.exists("/usr/bin/ssh-keygen"), "sshd not installed");
        hostKey = dir.resolve("hk");
        assumeTrue(OpenSshTool.run(List.of("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                hostKey.toString())).exit() == 0);
    }

    private String sshdT(Path config, String connection) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SSHD, "-T", "-f", config.toString(), "-h", hostKey.toString()));
        if (connection != null) {
            cmd.addAll(List.of("-C", connection));
        }
        OpenSshTool.Result r = OpenSshTool.run(cmd);
        assumeTrue(r.exit() == 0, "sshd -T unusable here: " + r.out());
        return r.out();
    }

    @Test
    void dumpMatchesSshdT() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/a.conf"), "ClientAliveCountMax 7\nMaxAuthTries 4\n");
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, """
                Include %s/conf.d/*.conf
                Port 2200
                Port 2201
                ListenAddress 127.0.0.1
                PidFile %s/sshd.pid
                LoginGraceTime 1m30s
                MaxAuthTries 9
                ClientAliveInterval 45
                RekeyLimit 512M 2h
                Compression delayed
                PermitRootLogin forced-commands-only
                StrictModes no
                LogLevel VERBOSE
                Ciphers +aes256-cbc
                MACs -hmac-sha1*
                KexAlgorithms ^curve25519-sha256
                HostKeyAlgorithms ssh-ed25519*
                PubkeyAcceptedAlgorithms -*nistp*
                AcceptEnv LANG LC_*
                AcceptEnv FOO
                SetEnv A=b C=d
                Subsystem sftp /usr/lib/openssh/sftp-server -l INFO
                AllowUsers alice bob@1.2.3.4
                DenyUsers mallory
                AllowGroups staff
                DenyGroups wheel
                AuthorizedKeysFile .ssh/ak %%h/.ssh/k2
                MaxStartups 5
                UseDNS yes
                PrintMotd no
                GatewayPorts clientspecified
                AllowTcpForwarding local
                AuthenticationMethods publickey,password publickey,keyboard-interactive
                AuthorizedPrincipalsCommand /usr/local/bin/principals %%u %%i "%%C"
                AuthorizedPrincipalsCommandUser nobody
                CASignatureAlgorithms -rsa-sha2-256
                Match User alice Address 10.0.0.0/8,!10.1.0.0/16
                  PasswordAuthentication no
                  ForceCommand /bin/echo hi there
                  PermitTTY no
                  Banner /etc/banner
                  X11Forwarding yes
                  MaxSessions 3
                Match Host *.example.com
                  KbdInteractiveAuthentication no
                  PubkeyAuthentication no
                """.formatted(dir, dir));
        Files.writeString(dir.resolve("empty"), "");
        String global = sshdT(dir.resolve("empty"), null);
        AlgorithmCatalog catalog = OpenSshTool.catalog(global);
        // sshd -h adds the host key ahead of the file, like an override.
        SshdConfig ours = SshdConfig.parse(cfg, List.of("HostKey " + hostKey), dir, catalog);
        Set<String> keys = OpenSshTool.keywords(ours.dump());

        String real = sshdT(cfg, null);
        assertThat(ours.dump().lines().toList()).isEqualTo(OpenSshTool.only(real, keys));

        for (String[] conn : List.of(new String[] {"alice", "a.example.com", "10.2.3.4"},
                new String[] {"alice", "h", "10.1.0.9"}, new String[] {"bob", "x.example.com", "192.0.2.1"})) {
            String realC = sshdT(cfg, "user=" + conn[0] + ",host=" + conn[1] + ",addr=" + conn[2]);
            String oursC = ours.forConnection(MatchContext.of(conn[0], conn[1], conn[2])).dump();
            assertThat(oursC.lines().toList()).as(String.join(",", conn)).isEqualTo(OpenSshTool.only(realC, keys));
        }
    }

    /** PermitOpen, PermitListen, DisableForwarding, AllowStreamLocalForwarding, globally and in Match, as sshd -T prints them. */
    @Test
    void forwardingPermissionsMatchSshdT() throws Exception {
        Path cfg = dir.resolve("fwd_config");
        Files.writeString(cfg, """
                PidFile %s/fwd.pid
                PermitOpen 127.0.0.1:80 *:443 [::1]:22 db.example.com:*
                PermitListen 8080 localhost:9000 [::1]:7000 *:*
                AllowStreamLocalForwarding remote
                Match User alice
                  PermitOpen none
                  PermitListen any
                  DisableForwarding yes
                Match Address 10.0.0.0/8
                  PermitOpen any
                  PermitListen none
                  AllowStreamLocalForwarding no
                """.formatted(dir));
        Files.writeString(dir.resolve("empty-fwd"), "");
        String global = sshdT(dir.resolve("empty-fwd"), null);
        AlgorithmCatalog catalog = OpenSshTool.catalog(global);
        SshdConfig ours = SshdConfig.parse(cfg, List.of("HostKey " + hostKey), dir, catalog);
        Set<String> keys = OpenSshTool.keywords(ours.dump());
        assertThat(keys).contains("permitopen", "permitlisten", "disableforwarding", "allowstreamlocalforwarding");
        assertThat(ours.dump().lines().toList()).isEqualTo(OpenSshTool.only(sshdT(cfg, null), keys));
        for (String[] conn : List.of(new String[] {"alice", "h", "192.0.2.1"}, new String[] {"bob", "h", "10.2.3.4"},
                new String[] {"alice", "h", "10.2.3.4"})) {
            String realC = sshdT(cfg, "user=" + conn[0] + ",host=" + conn[1] + ",addr=" + conn[2]);
            String oursC = ours.forConnection(MatchContext.of(conn[0], conn[1], conn[2])).dump();
            assertThat(oursC.lines().toList()).as(String.join(",", conn)).isEqualTo(OpenSshTool.only(realC, keys));
        }
    }

    /** Bad PermitOpen/PermitListen lines are refused with sshd's words. */
    @Test
    void badForwardingPermissionsFailAsSshd() throws Exception {
        int i = 0;
        for (String line : List.of("PermitOpen a", "PermitOpen a:99999", "PermitOpen a:0", "PermitOpen any a:1",
                "PermitListen x:y", "PermitOpen a:1 none")) {
            Path cfg = dir.resolve("badfwd" + i++);
            Files.writeString(cfg, line + "\n");
            OpenSshTool.Result real = OpenSshTool.run(List.of(SSHD, "-T", "-f", cfg.toString(), "-h", hostKey.toString()));
            assertThat(real.exit()).as(line).isNotZero();
            try {
                SshdConfig.parse(cfg, List.of(), dir, AlgorithmCatalog.openssh());
                throw new AssertionError("expected failure: " + line);
            } catch (ConfigException e) {
                assertThat(real.out().lines().findFirst().orElseThrow()).as(line).isEqualTo(e.getMessage().lines().findFirst().orElseThrow());
            }
        }
    }

    @Test
    void unknownOptionMessageMatchesSshd() throws Exception {
        Path cfg = dir.resolve("bad_config");
        Files.writeString(cfg, "Port 22\nFrobnicate yes\n");
        OpenSshTool.Result real = OpenSshTool.run(List.of(SSHD, "-T", "-f", cfg.toString(), "-h", hostKey.toString()));
        try {
            SshdConfig.parse(cfg, List.of(), dir, AlgorithmCatalog.openssh());
            throw new AssertionError("expected failure");
        } catch (ConfigException e) {
            assertThat(real.out().lines().toList()).isEqualTo(e.getMessage().lines().toList());
        }
    }
}

package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.config.ServerOptions.GatewayPorts;
import dev.seashell.config.ServerOptions.MaxStartups;
import dev.seashell.config.ServerOptions.PermitRootLogin;
import dev.seashell.config.ServerOptions.TcpForwarding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshdConfigTest {
    @TempDir
    Path dir;

    private SshdConfig parse(String text, String... overrides) throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, text);
        return SshdConfig.parse(f, List.of(overrides), dir, AlgorithmCatalog.openssh());
    }

    @Test
    void defaultsFollowOpenSsh() throws Exception {
        SshdConfig c = parse("");
        assertThat(c.ports()).isEmpty();
        assertThat(c.authorizedKeysFiles()).containsExactly(".ssh/authorized_keys", ".ssh/authorized_keys2");
        assertThat(c.strictModes()).isTrue();
        assertThat(c.permitRootLogin()).isEqualTo(PermitRootLogin.PROHIBIT_PASSWORD);
        assertThat(c.maxAuthTries()).isEqualTo(6);
        assertThat(c.loginGraceTime()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.maxStartups()).isEqualTo(MaxStartups.DEFAULT);
        assertThat(c.x11Forwarding()).isFalse();
        assertThat(c.allowTcpForwarding()).isEqualTo(TcpForwarding.YES);
        assertThat(c.banner()).isEmpty();
        assertThat(c.compression()).isTrue();
        assertThat(c.authenticationMethods()).isEmpty();
        assertThat(c.ciphers()).isEqualTo(AlgorithmCatalog.openssh().defaults(AlgorithmKind.CIPHERS));
        assertThat(c.rekeyLimit()).isEqualTo(RekeyLimit.DEFAULT);
    }

    @Test
    void firstValueWinsExceptAccumulatingKeywords() throws Exception {
        SshdConfig c = parse("""
                PasswordAuthentication no
                passwordauthentication yes
                Port 2222
                Port=2223
                ListenAddress 127.0.0.1
                ListenAddress [::1]:22
                HostKey /k1
                HostKey /k2
                AcceptEnv LANG LC_*
                AcceptEnv FOO
                SetEnv A=1 B=2
                SetEnv C=3
                AuthorizedKeysFile a b
                AuthorizedKeysFile c
                Subsystem sftp /usr/lib/sftp-server -l INFO
                Subsystem other /bin/other
                """);
        assertThat(c.passwordAuthentication()).isFalse();
        assertThat(c.ports()).containsExactly(2222, 2223);
        assertThat(c.listenAddresses()).containsExactly("127.0.0.1", "[::1]:22");
        assertThat(c.hostKeys()).containsExactly("/k1", "/k2");
        assertThat(c.acceptEnv()).containsExactly("LANG", "LC_*", "FOO");
        assertThat(c.setEnv()).containsExactly("A=1", "B=2");
        assertThat(c.authorizedKeysFiles()).containsExactly("a", "b");
        assertThat(c.subsystems()).isEqualTo(Map.of("sftp", "/usr/lib/sftp-server -l INFO", "other", "/bin/other"));
    }

    @Test
    void commandLineOverridesComeFirst() throws Exception {
        SshdConfig c = parse("PasswordAuthentication yes\nPort 22\n", "PasswordAuthentication=no", "Port 2200");
        assertThat(c.passwordAuthentication()).isFalse();
        assertThat(c.ports()).containsExactly(2200, 22);
    }

    @Test
    void typedValues() throws Exception {
        SshdConfig c = parse("""
                LoginGraceTime 1m30s
                ClientAliveInterval 2m
                RekeyLimit 1G 1h
                Compression delayed
                PermitRootLogin without-password
                MaxStartups 10:30:60
                AllowTcpForwarding local
                GatewayPorts clientspecified
                AuthenticationMethods publickey,password publickey,keyboard-interactive
                LogLevel DEBUG
                Banner /etc/issue.net
                ForceCommand internal-sftp -d /home
                Ciphers -chacha20*
                KexAlgorithms ^curve25519-sha256
                """);
        assertThat(c.loginGraceTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.clientAliveInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.rekeyLimit()).isEqualTo(new RekeyLimit(1L << 30, 3600));
        assertThat(c.compression()).isTrue();
        assertThat(c.permitRootLogin()).isEqualTo(PermitRootLogin.PROHIBIT_PASSWORD);
        assertThat(c.maxStartups()).isEqualTo(new MaxStartups(10, 30, 60));
        assertThat(c.allowTcpForwarding()).isEqualTo(TcpForwarding.LOCAL);
        assertThat(c.gatewayPorts()).isEqualTo(GatewayPorts.CLIENTSPECIFIED);
        assertThat(c.authenticationMethods()).containsExactly(List.of("publickey", "password"),
                List.of("publickey", "keyboard-interactive"));
        assertThat(c.logLevel()).isEqualTo(LogLevel.DEBUG1);
        assertThat(c.banner()).contains("/etc/issue.net");
        assertThat(c.forceCommand()).contains("internal-sftp -d /home");
        assertThat(c.ciphers()).doesNotContain("chacha20-poly1305@openssh.com").contains("aes128-ctr");
        assertThat(c.kexAlgorithms().getFirst()).isEqualTo("curve25519-sha256");
        assertThat(c.kexAlgorithms()).doesNotHaveDuplicates();
    }

    @Test
    void unknownKeywordsAreAllReportedWithFileAndLine() {
        assertThatThrownBy(() -> parse("Port 22\nFoo bar\nBaz\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("sshd_config") + ": line 2: Bad configuration option: Foo\n"
                        + dir.resolve("sshd_config") + ": line 3: Bad configuration option: Baz\n"
                        + dir.resolve("sshd_config") + ": terminating, 2 bad configuration options");
    }

    @Test
    void unimplementedAndDeprecatedKeywordsWarn() throws Exception {
        SshdConfig c = parse("UsePAM yes\nProtocol 2\nUsePrivilegeSeparation sandbox\nPermitTunnel no\n"
                + "ChallengeResponseAuthentication no\n");
        String f = dir.resolve("sshd_config").toString();
        assertThat(c.warnings()).containsExactly(f + " line 1: Unsupported option UsePAM",
                f + " line 3: Deprecated option UsePrivilegeSeparation",
                f + " line 4: Unsupported option PermitTunnel");
        assertThat(c.kbdInteractiveAuthentication()).isFalse();
        assertThat(SshdConfig.knownKeywords()).contains("GSSAPIAuthentication", "KerberosAuthentication", "UsePAM");
        assertThat(SshdConfig.knownKeywords()).containsAll(SshdConfig.implementedKeywords());
    }

    @Test
    void badValuesAreErrors() {
        assertThatThrownBy(() -> parse("\nPasswordAuthentication maybe\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> parse("Ciphers foo\n")).hasMessageEndingWith("line 1: Bad SSH2 cipher spec 'foo'.");
        assertThatThrownBy(() -> parse("Port 70000\n")).hasMessageContaining("Badly formatted port number");
        assertThatThrownBy(() -> parse("Match User a\nPort 22\n"))
                .hasMessageEndingWith("line 2: Directive 'Port' is not allowed within a Match block");
        assertThatThrownBy(() -> parse("Subsystem sftp a\nSubsystem sftp b\n"))
                .hasMessageEndingWith("line 2: Subsystem 'sftp' already defined.");
        assertThatThrownBy(() -> parse("Match Colour red\n")).hasMessageContaining("Unsupported Match attribute");
        assertThatThrownBy(() -> parse("Match Address 10.0.0.1/8\n")).hasMessageContaining("Invalid Match");
    }

    @Test
    void matchBlocksOverrideGlobalValues() throws Exception {
        SshdConfig c = parse("""
                PasswordAuthentication yes
                X11Forwarding no
                Match User alice,bob Address 10.0.0.0/8,!10.1.0.0/16
                  PasswordAuthentication no
                  Banner /alice
                Match Group admins
                  X11Forwarding yes
                  PasswordAuthentication yes
                Match LocalPort 2222 LocalAddress 192.168.*
                  MaxSessions 2
                Match Host *.example.com
                  PermitTTY no
                Match All
                  MaxAuthTries 3
                """);
        SshdConfig alice = c.forConnection(new MatchContext("alice", List.of("admins"), "a.example.com",
                "10.2.0.1", "192.168.0.5", 2222, null));
        assertThat(alice.passwordAuthentication()).isFalse();
        assertThat(alice.banner()).contains("/alice");
        assertThat(alice.x11Forwarding()).isTrue();
        assertThat(alice.maxSessions()).isEqualTo(2);
        assertThat(alice.permitTty()).isFalse();
        assertThat(alice.maxAuthTries()).isEqualTo(3);

        SshdConfig excluded = c.forConnection(MatchContext.of("alice", "h", "10.1.0.1"));
        assertThat(excluded.passwordAuthentication()).isTrue();
        assertThat(excluded.maxSessions()).isEqualTo(10);
        assertThat(excluded.maxAuthTries()).isEqualTo(3);
        assertThat(c.passwordAuthentication()).isTrue();
        assertThat(c.maxAuthTries()).isEqualTo(6);
    }

    @Test
    void includeGlobsRelativeToBaseInLexicalOrder() throws Exception {
        Files.createDirectories(dir.resolve("sshd_config.d"));
        Files.writeString(dir.resolve("sshd_config.d/20-b.conf"), "PasswordAuthentication yes\nMaxSessions 4\n");
        Files.writeString(dir.resolve("sshd_config.d/10-a.conf"), "PasswordAuthentication no\n");
        Files.writeString(dir.resolve("sshd_config.d/match.conf"), "Match User carol\n  MaxSessions 1\n");
        Files.writeString(dir.resolve("sshd_config.d/ignored.txt"), "Bogus option\n");
        SshdConfig c = parse("Include sshd_config.d/*.conf\nMaxSessions 5\n");
        assertThat(c.passwordAuthentication()).isFalse();
        assertThat(c.maxSessions()).isEqualTo(4);
        assertThat(c.forConnection(MatchContext.of("carol", "h", "1.2.3.4")).maxSessions()).isEqualTo(1);
        // The Match in the included file ends with that file.
        SshdConfig afterInclude = parse("Include sshd_config.d/match.conf\nMaxAuthTries 2\n");
        assertThat(afterInclude.maxAuthTries()).isEqualTo(2);
    }

    @Test
    void dumpUsesSshdTFormat() throws Exception {
        SshdConfig c = parse("Port 2200\nListenAddress 127.0.0.1\nLoginGraceTime 1m\nRekeyLimit 1M\n"
                + "Subsystem sftp internal-sftp\nAllowUsers a b\nPermitRootLogin no\n");
        String d = c.dump();
        assertThat(d).contains("port 2200\n", "listenaddress 127.0.0.1:2200\n", "logingracetime 60\n",
                "rekeylimit 1048576 0\n", "subsystem sftp internal-sftp\n", "allowusers a\nallowusers b\n",
                "permitrootlogin no\n", "authenticationmethods any\n", "banner none\n", "maxstartups 10:30:100\n");
    }
}

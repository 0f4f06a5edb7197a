package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.seashell.config.ClientOptions.ControlMaster;
import dev.seashell.config.ClientOptions.StrictHostKeyChecking;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigTest {
    @TempDir
    Path home;

    private SshConfig.Builder builder(String userConfig, String systemConfig) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve(".ssh/config"), userConfig);
        Files.writeString(home.resolve("etc/ssh_config"), systemConfig);
        return SshConfig.builder().home(home).systemConfig(home.resolve("etc/ssh_config")).localUser("me")
                .localHostname("box.local").uid("1000").environment(Map.of("KEYS", "/keys"));
    }

    private SshHostConfig host(String user, String system, String host) throws Exception {
        return builder(user, system).load().forHost(host);
    }

    @Test
    void defaults() throws Exception {
        SshHostConfig c = host("", "", "Example.COM");
        assertThat(c.hostName()).isEqualTo("example.com");
        assertThat(c.port()).isEqualTo(22);
        assertThat(c.user()).isEqualTo("me");
        assertThat(c.identityFiles()).containsExactly(home + "/.ssh/id_rsa", home + "/.ssh/id_ecdsa",
                home + "/.ssh/id_ecdsa_sk", home + "/.ssh/id_ed25519", home + "/.ssh/id_ed25519_sk",
                home + "/.ssh/id_xmss");
        assertThat(c.userKnownHostsFiles()).containsExactly(home + "/.ssh/known_hosts", home + "/.ssh/known_hosts2");
        assertThat(c.globalKnownHostsFiles()).containsExactly("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2");
        assertThat(c.strictHostKeyChecking()).isEqualTo(StrictHostKeyChecking.ASK);
        assertThat(c.escapeChar()).isEqualTo('~');
        assertThat(c.connectTimeout()).isEmpty();
        assertThat(c.controlMaster()).isEqualTo(ControlMaster.NO);
        assertThat(c.serverAliveCountMax()).isEqualTo(3);
        assertThat(c.kexAlgorithms()).isEqualTo(AlgorithmCatalog.openssh().defaults(AlgorithmKind.KEX));
    }

    @Test
    void hostPatternsWithNegationAndFirstValueWins() throws Exception {
        String cfg = """
                Host !bastion *.corp
                  User corp
                  Port 2201
                Host web? db*
                  User ops
                Host a,b
                  User comma
                Host *
                  User fallback
                  Port 22
                """;
        assertThat(host(cfg, "", "x.corp").user()).isEqualTo("corp");
        assertThat(host(cfg, "", "x.corp").port()).isEqualTo(2201);
        assertThat(host(cfg, "", "bastion").user()).isEqualTo("fallback");
        assertThat(host(cfg, "", "web1").user()).isEqualTo("ops");
        assertThat(host(cfg, "", "web12").user()).isEqualTo("fallback");
        assertThat(host(cfg, "", "DB7").user()).isEqualTo("ops");
        assertThat(host(cfg, "", "a").user()).isEqualTo("fallback"); // Host does not split commas
    }

    @Test
    void userFileBeforeSystemFileAndOverridesFirst() throws Exception {
        SshConfig.Builder b = builder("Host *\n  User fromuser\n", "Host *\n  User fromsystem\n  Port 2022\n");
        SshHostConfig c = b.load().forHost("h");
        assertThat(c.user()).isEqualTo("fromuser");
        assertThat(c.port()).isEqualTo(2022);
        assertThat(b.override("User=fromcli").load().forHost("h").user()).isEqualTo("fromcli");
        Path f = home.resolve("other");
        Files.writeString(f, "Port 99\n");
        SshHostConfig only = b.configFile(f).load().forHost("h");
        assertThat(only.port()).isEqualTo(99);
        assertThat(only.user()).isEqualTo("fromcli");
    }

    @Test
    void matchCriteria() throws Exception {
        String cfg = """
                Match originalhost alias
                  HostName real.example
                Match host real.example user root
                  Port 1
                Match host real.example !user root
                  Port 2
                Match localuser me exec "test %h = real.example"
                  ConnectTimeout 5
                Match exec "exit 1"
                  BatchMode yes
                Match all
                  ServerAliveInterval 1m
                """;
        SshHostConfig c = host(cfg, "", "alias");
        assertThat(c.hostName()).isEqualTo("real.example");
        assertThat(c.port()).isEqualTo(2);
        assertThat(c.connectTimeout()).contains(Duration.ofSeconds(5));
        assertThat(c.batchMode()).isFalse();
        assertThat(c.serverAliveInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void matchExecTimesOut() throws Exception {
        SshConfig cfg = builder("Match exec \"sleep 20\"\n  Port 7\n", "").execTimeout(Duration.ofMillis(300)).load();
        long t0 = System.nanoTime();
        assertThat(cfg.forHost("h").port()).isEqualTo(22);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void finalPassUsesHostName() throws Exception {
        String cfg = """
                Match final host real.x
                  User finaluser
                Host short
                  HostName real.x
                Match canonical
                  Port 7
                """;
        SshHostConfig c = host(cfg, "", "short");
        assertThat(c.user()).isEqualTo("finaluser");
        assertThat(c.port()).isEqualTo(7);
        assertThat(host("Match canonical\n  Port 7\n", "", "short").port()).isEqualTo(22);
    }

    @Test
    void includeRelativeToDotSshAndScopedSections() throws Exception {
        Files.createDirectories(home.resolve(".ssh/conf.d"));
        Files.writeString(home.resolve(".ssh/conf.d/b.conf"), "Host other\n  User notme\n");
        Files.writeString(home.resolve(".ssh/conf.d/a.conf"), "User included\n");
        SshHostConfig c = host("Host h\n  Include conf.d/*.conf\n  Port 42\nHost *\n  User last\n", "", "h");
        assertThat(c.user()).isEqualTo("included");
        assertThat(c.port()).isEqualTo(42); // the include's Host ends with the included file
        assertThat(host("Host z\n  Include conf.d/*.conf\n", "", "h").user()).isEqualTo("me");
    }

    @Test
    void accumulatingOptionsAndForwards() throws Exception {
        SshHostConfig c = host("""
                IdentityFile ~/.ssh/k1
                IdentityFile ${KEYS}/%r@%h
                IdentityFile ~/.ssh/k1
                LocalForward 8080 localhost:80
                LocalForward 127.0.0.1:9090 [::1]:90
                RemoteForward 7000 h:7
                DynamicForward 1080
                SendEnv LANG
                SendEnv LC_*
                SetEnv A=1
                SetEnv B=2
                UserKnownHostsFile ~/kh %d/x
                """, "", "srv");
        assertThat(c.identityFiles()).containsExactly(home + "/.ssh/k1", "/keys/me@srv");
        assertThat(c.localForwards()).containsExactly(new Forward(null, 8080, null, "localhost", 80, null),
                new Forward("127.0.0.1", 9090, null, "::1", 90, null));
        assertThat(c.remoteForwards()).containsExactly(new Forward(null, 7000, null, "h", 7, null));
        assertThat(c.dynamicForwards()).containsExactly(new Forward(null, 1080, null, null, 0, null));
        assertThat(c.sendEnv()).containsExactly("LANG", "LC_*");
        assertThat(c.setEnv()).containsExactly("A=1");
        assertThat(c.userKnownHostsFiles()).containsExactly(home + "/kh", home + "/x");
    }

    @Test
    void tokens() throws Exception {
        SshHostConfig c = host("Host *\n  ControlPath ~/cm/%C-%%-%l-%L-%n-%i-%u-%r-%p\n  User bob\n  Port 2\n",
                "", "Srv.Example");
        assertThat(c.controlPath()).contains(home + "/cm/" + sha1("box.local" + "srv.example" + "2" + "bob")
                + "-%-box.local-box-Srv.Example-1000-me-bob-2");
        assertThatThrownBy(() -> host("IdentityFile %z\n", "", "h").identityFiles())
                .hasMessageContaining("unknown key %z");
        assertThatThrownBy(() -> host("IdentityFile ${NOPE}/k\n", "", "h").identityFiles())
                .hasMessageContaining("NOPE");
    }

    private static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void unknownKeywordsErrorLikeSsh() throws Exception {
        Path f = home.resolve(".ssh/config");
        assertThatThrownBy(() -> host("Port 22\nFooBar x\nBaz\n", "", "h"))
                .hasMessage(f + ": line 2: Bad configuration option: foobar\n" + f
                        + ": line 3: Bad configuration option: baz\n" + f + ": terminating, 2 bad configuration options");
        // Known but unimplemented, deprecated and alias keywords are accepted.
        SshHostConfig c = host("GSSAPIAuthentication yes\nProtocol 2\nUseRoaming no\n"
                + "ChallengeResponseAuthentication no\nForwardX11 yes\n", "", "h");
        assertThat(c.kbdInteractiveAuthentication()).isFalse();
        assertThat(SshConfig.knownKeywords()).containsAll(SshConfig.implementedKeywords());
    }

    @Test
    void badValuesAreErrors() {
        assertThatThrownBy(() -> host("StrictHostKeyChecking perhaps\n", "", "h")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> host("\nCiphers foo\n", "", "h")).hasMessageEndingWith("line 2: Bad SSH2 cipher spec 'foo'.");
        assertThatThrownBy(() -> host("LocalForward 8080\n", "", "h")).hasMessageContaining("Bad forwarding specification");
        assertThatThrownBy(() -> host("EscapeChar ab\n", "", "h")).hasMessageContaining("Bad escape character");
        assertThatThrownBy(() -> host("Match frob x\n", "", "h")).hasMessageContaining("Unsupported Match attribute");
    }

    @Test
    void proxyJumpAndCommandAreExclusiveFirstWins() throws Exception {
        SshHostConfig c = host("ProxyJump u@j1,j2:2222\nProxyCommand nc %h %p\n", "", "h");
        assertThat(c.proxyJump()).contains("u@j1,j2:2222");
        assertThat(c.proxyCommand()).isEmpty();
        SshHostConfig d = host("ProxyCommand nc %h %p\nProxyJump j\n", "", "h");
        assertThat(d.proxyCommand()).contains("nc %h %p");
        assertThat(d.proxyJump()).isEmpty();
    }

    @Test
    void dumpFormat() throws Exception {
        SshHostConfig c = host("EscapeChar ^A\nControlPersist 10m\nStrictHostKeyChecking no\nRequestTTY yes\n"
                + "IdentityFile /a/%h\n", "", "h");
        assertThat(c.dump()).contains("host h\nuser me\nhostname h\nport 22\n", "escapechar \\^A\n",
                "controlpersist 600\n", "stricthostkeychecking false\n", "requesttty true\n",
                "identityfile /a/%h\n", "connecttimeout none\n", "rekeylimit 0 0\n");
        assertThat(List.of(c.dump().split("\n"))).noneMatch(l -> l.startsWith("proxycommand"));
    }
}

package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compares {@link SshHostConfig#dump()} with the installed {@code ssh -G}. */
class SshInteropTest {
    private static final String SSH = "/usr/bin/ssh";

    @TempDir
    Path dir;
    AlgorithmCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(OpenSshTool.exists(SSH), "ssh not installed");
        OpenSshTool.Result r = OpenSshTool.run(List.of(SSH, "-G", "-F", "/dev/null", "defaults.invalid"));
        assumeTrue(r.exit() == 0, r.out());
        catalog = OpenSshTool.catalog(r.out());
    }

    private void compare(Path cfg, String host, String... options) throws Exception {
        SshConfig.Builder b = SshConfig.builder().configFile(cfg).catalog(catalog);
        List<String> cmd = new java.util.ArrayList<>(List.of(SSH, "-G", "-F", cfg.toString()));
        for (String o : options) {
            b.override(o);
            cmd.addAll(List.of("-o", o));
        }
        cmd.add(host);
        String ours = b.load().forHost(host).dump();
        OpenSshTool.Result real = OpenSshTool.run(cmd);
        assertThat(real.exit()).as(real.out()).isZero();
        Set<String> keys = OpenSshTool.keywords(ours);
        assertThat(ours.lines().toList()).as(host).isEqualTo(OpenSshTool.only(real.out(), keys));
    }

    @Test
    void referenceConfigMatchesSshG() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/10-web.conf"), """
                Host web*
                  User www
                  LocalForward 8080 localhost:80
                  LocalForward 127.0.0.1:9090 [::1]:90
                """);
        Files.writeString(dir.resolve("conf.d/20-db.conf"), """
                Host db?
                  Port 5432
                  RemoteForward 7000 h:7
                  DynamicForward 1080
                """);
        Path cfg = dir.resolve("config");
        Files.writeString(cfg, """
                Include %s/conf.d/*.conf
                Host alias
                  HostName Real.%%h.Example
                  ProxyJump u@j1,j2:2222
                Host !web2 web* *.corp
                  IdentityFile ~/.ssh/web_key
                  IdentityFile %s/keys/%%r@%%h
                  Ciphers +aes256-cbc
                  MACs -hmac-sha1*
                  KexAlgorithms ^curve25519-sha256
                  HostKeyAlgorithms ssh-ed25519*
                  PubkeyAcceptedAlgorithms -*nistp*
                  ControlPath ~/.ssh/cm-%%C
                  ControlMaster auto
                  ControlPersist 10m
                Match host real.* user root
                  Compression yes
                  RequestTTY force
                  StrictHostKeyChecking accept-new
                Match originalhost db* exec "test %%p = 5432"
                  BatchMode yes
                  ConnectTimeout 1m
                  ProxyCommand nc %%h %%p
                Match localuser nobody-here
                  Port 1
                Host *
                  IdentityFile ~/.ssh/id_default
                  ServerAliveInterval 1m30s
                  ServerAliveCountMax 5
                  ConnectionAttempts 2
                  NumberOfPasswordPrompts 1
                  PasswordAuthentication no
                  KbdInteractiveAuthentication no
                  PubkeyAuthentication yes
                  HashKnownHosts yes
                  CheckHostIP yes
                  IdentitiesOnly yes
                  PreferredAuthentications publickey,password
                  UserKnownHostsFile ~/kh %%d/kh2
                  GlobalKnownHostsFile /etc/x1 /etc/x2
                  SendEnv LANG LC_*
                  SendEnv FOO
                  SetEnv A=1 B=2
                  EscapeChar ^A
                  AddressFamily inet
                  BindAddress 127.0.0.1
                  ExitOnForwardFailure yes
                  GatewayPorts yes
                  ForwardAgent yes
                  LogLevel ERROR
                  RekeyLimit 1G 1h
                """.formatted(dir, dir));
        for (String h : List.of("web1", "web2", "db1", "alias", "x.corp", "Other.Host")) {
            compare(cfg, h);
        }
        compare(cfg, "web1", "Port=2200", "User=cli");
    }

    @Test
    void unknownOptionMessageMatchesSsh() throws Exception {
        Path cfg = dir.resolve("bad");
        Files.writeString(cfg, "Port 22\nFrobnicate yes\nHost x\n  Wibble 1\n");
        OpenSshTool.Result real = OpenSshTool.run(List.of(SSH, "-G", "-F", cfg.toString(), "h"));
        try {
            SshConfig.builder().configFile(cfg).load();
            throw new AssertionError("expected failure");
        } catch (ConfigException e) {
            assertThat(real.out().lines().toList()).isEqualTo(e.getMessage().lines().toList());
        }
    }
}

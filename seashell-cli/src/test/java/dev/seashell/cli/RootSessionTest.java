package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.auth.UserAccount;
import dev.seashell.client.SshClient;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server running as root runs each session as the user who logged in (uid, gid, groups, home). */
class RootSessionTest {
    @Test
    void sessionRunsAsTheAuthenticatedUser() throws Exception {
        assumeTrue(UserAccount.current().uid() == 0, "needs root to create a throwaway account");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/useradd")) && Files.isExecutable(Path.of("/usr/bin/setpriv")));
        String name = "sshl" + ProcessHandle.current().pid() % 100000;
        var add = ProcessRunner.command("/usr/sbin/useradd", "-m", "-s", "/bin/sh", name).timeout(Duration.ofSeconds(20)).run();
        assertThat(add.exitCode()).as(add.describe()).isZero();
        try {
            UserAccount account = UserAccount.lookup(name).orElseThrow();
            SshKeyPair key = KeyGen.generate("ed25519", 0, "root-test");
            Path ssh = Path.of(account.home(), ".ssh");
            Files.createDirectories(ssh);
            Files.writeString(ssh.resolve("authorized_keys"), new PublicKeyLine(key.publicKey(), "t").format() + "\n");
            try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                    .publicKeys(new AuthorizedKeysAuthenticator(List.of(".ssh/authorized_keys"), UserAccount::lookup))
                    .sessions(new Sessions(Map.of())).start()) {
                var auth = new ClientUserAuth.Options(name, List.of(key), null, null, List.of("publickey"), 0, "localhost");
                try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                        new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null))) {
                    var r = c.exec("id -u; id -g; pwd; echo $USER $HOME", Duration.ofSeconds(20));
                    assertThat(r.exitStatus()).as(r.stderrText()).isZero();
                    assertThat(r.stdoutText().lines().toList()).containsExactly(
                            String.valueOf(account.uid()), String.valueOf(account.gid()), account.home(),
                            name + " " + account.home());
                }
            }
        } finally {
            ProcessRunner.command("/usr/sbin/userdel", "-r", "-f", name).timeout(Duration.ofSeconds(20)).run();
        }
    }
}

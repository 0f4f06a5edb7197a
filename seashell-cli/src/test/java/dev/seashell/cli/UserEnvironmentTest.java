package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.auth.AuthorizedKeysAuthenticator;
import dev.seashell.auth.ClientUserAuth;
import dev.seashell.auth.ServerAuthConfig;
import dev.seashell.client.SshClient;
import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.transport.TransportConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PermitUserEnvironment decides whether a key's environment= options reach the session. */
class UserEnvironmentTest {
    @TempDir Path dir;

    @ParameterizedTest
    @CsvSource({"no,''", "yes,bar", "'FOO,OTHER',bar", "OTHER,''"})
    void keyEnvironmentFollowsPermitUserEnvironment(String permit, String expected) throws Exception {
        SshKeyPair key = KeyGen.generate("ed25519", 0, "env");
        Path ak = dir.resolve("authorized_keys");
        Files.writeString(ak, "environment=\"FOO=bar\" " + new PublicKeyLine(key.publicKey(), "env").format() + "\n");
        var policy = new Sessions.Policy(true, List.of(), List.of(), false, Optional.empty(), permit);
        ServerAuthConfig auth = ServerAuthConfig.defaults().withPublicKeys(AuthorizedKeysAuthenticator.forCurrentUser(List.of(ak.toString())));
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0)).auth(auth)
                .sessions(new Sessions(Map.of(), policy)).start()) {
            var opts = new ClientUserAuth.Options(System.getProperty("user.name"), List.of(key), null, null, List.of("publickey"), 0, "h");
            try (SshClient c = SshClient.connect("127.0.0.1", server.port(),
                    new SshClient.Options(TransportConfig.defaults(), k -> { }, opts, Duration.ofSeconds(10), null, null))) {
                var r = c.exec("printf '%s' \"$FOO\"", Duration.ofSeconds(20));
                assertThat(r.stdoutText()).as(r.stderrText()).isEqualTo(expected);
            }
        }
    }
}

package dev.seashell.forwarding;

import dev.seashell.auth.ClientUserAuth;
import dev.seashell.auth.PublicKeyAuthenticator;
import dev.seashell.client.SshClient;
import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import dev.seashell.transport.TransportConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Seashell servers running real processes, ssh_config files for OpenSSH's ssh, and library clients. */
final class ProxyFixtures {
    static final String USER = System.getProperty("user.name");

    private ProxyFixtures() {}

    /** A Seashell server on a free loopback port whose sessions run /bin/sh commands as this user. */
    static SshServer seashell(SshKeyPair hostKey, PublicKeyAuthenticator keys, ForwardingPolicy policy,
                              List<String> log) throws IOException {
        return SshServer.builder().port(0).hostKey(hostKey).publicKeys(keys)
                .sessions((u, r, l) -> ProcessCommandHandler.forCurrentUser(null, null))
                .forwarding(policy).log(log::add).start();
    }

    /** {@code [127.0.0.1]:port type base64} for a Seashell server's host key. */
    static String knownHostsLine(int port, SshKeyPair hostKey) {
        return "[127.0.0.1]:" + port + " " + new PublicKeyLine(hostKey.publicKey(), "").format().strip() + "\n";
    }

    /**
     * An ssh_config for OpenSSH's ssh that every hop reads (a {@code -J} child gets {@code -F} but
     * not {@code -o}): this key, these known hosts, strict checking, no prompts.
     */
    static Path sshConfig(Path dir, Path identity, Path knownHosts) throws IOException {
        Path cfg = dir.resolve("ssh_config");
        Files.writeString(cfg, """
                Host *
                  User %s
                  IdentityFile %s
                  IdentitiesOnly yes
                  UserKnownHostsFile %s
                  GlobalKnownHostsFile /dev/null
                  StrictHostKeyChecking yes
                  BatchMode yes
                  ConnectTimeout 10
                  KexAlgorithms curve25519-sha256
                """.formatted(USER, identity, knownHosts));
        return cfg;
    }

    /** OpenSSH's ssh with {@code -F cfg} and {@code args}. */
    static ProcessRunner ssh(Path cfg, String... args) {
        List<String> cmd = new ArrayList<>(List.of(OpenSsh.SSH.toString(), "-F", cfg.toString()));
        cmd.addAll(List.of(args));
        return ProcessRunner.command(cmd).timeout(Duration.ofSeconds(30));
    }

    /** Library client options for this user's key, accepting any host key (the CLI checks them). */
    static SshClient.Options options(SshKeyPair key) {
        var auth = new ClientUserAuth.Options(USER, List.of(key), null, null, List.of("publickey"), 0, "127.0.0.1");
        return new SshClient.Options(TransportConfig.defaults(), k -> { }, auth, Duration.ofSeconds(10), null, null);
    }
}

package dev.seashell.cli;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSH's sshd authorizing one fresh ed25519 key (file {@code id_NAME}), with a known_hosts file
 * ({@code known_hosts_NAME}) trusting it, and the ssh command lines that log in to it.
 */
record KeyedOpenSshd(OpenSshServer sshd, Path key, Path knownHosts) implements AutoCloseable {
    /** Skips the test when sshd is missing; {@code config} lines go into sshd_config. */
    static KeyedOpenSshd start(Path dir, String name, String... config) throws IOException {
        OpenSsh.assumeSshd();
        SshKeyPair k = KeyGen.generate("ed25519", 0, name);
        Path key = dir.resolve("id_" + name);
        PrivateKeyFiles.write(key, k, null, 16);
        OpenSshServer sshd = OpenSshServer.builder().authorizedKey(new PublicKeyLine(k.publicKey(), name).format())
                .config(config).start();
        try {
            Path kh = dir.resolve("known_hosts_" + name);
            Files.writeString(kh, sshd.knownHostsLine() + "\n");
            return new KeyedOpenSshd(sshd, key, kh);
        } catch (IOException | RuntimeException e) {
            sshd.close();
            throw e;
        }
    }

    /** {@code seashell ssh} (child JVM) with this server's port, key and known_hosts, then {@code more}. */
    List<String> seashellSsh(String... more) {
        return withArgs(CliPeersTest.seashell("ssh"), more);
    }

    /** OpenSSH's {@code ssh} with this server's port, key and known_hosts, then {@code more}. */
    List<String> openSsh(String... more) {
        return withArgs(List.of(OpenSsh.SSH.toString()), more);
    }

    private List<String> withArgs(List<String> program, String... more) {
        List<String> cmd = new ArrayList<>(program);
        cmd.addAll(List.of("-F", "/dev/null", "-p", String.valueOf(sshd.port()), "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes"));
        cmd.addAll(List.of(more));
        return cmd;
    }

    @Override
    public void close() {
        sshd.close();
    }
}

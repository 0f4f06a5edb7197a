package dev.seashell.cli;

import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The base of the CLI tests that run `seashell ssh` against two OpenSSH sshd ({@link OpenSshHops}). */
abstract class OpenSshHopsCliTest {
    static OpenSshHops hops;
    static OpenSshClient.UserKey key;
    static OpenSshServer sshd1;
    static OpenSshServer sshd2;
    static Path cfg;
    static Path knownHosts;
    static SshKeyPair inetdHostKey;
    @TempDir
    static Path dir;

    @BeforeAll
    static void startHops() throws IOException {
        hops = OpenSshHops.start(dir);
        key = hops.key;
        sshd1 = hops.sshd1;
        sshd2 = hops.sshd2;
        cfg = hops.cfg;
        knownHosts = hops.knownHosts;
        inetdHostKey = hops.inetdHostKey;
    }

    @AfterAll
    static void stopHops() {
        if (hops != null) hops.close();
    }

    static List<String> java(String... args) {
        return OpenSshHops.java(args);
    }

    static List<String> ssh(String... args) {
        return hops.ssh(args);
    }

    static ProcessRunner.Result run(List<String> cmd) {
        return OpenSshHops.run(cmd);
    }
}

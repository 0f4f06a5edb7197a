package dev.seashell.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.SignatureAlgorithm;
import dev.seashell.keys.SshKeyPair;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seashell's agent managed by OpenSSH's ssh-add; Seashell's client against OpenSSH's ssh-agent. */
class AgentOpenSshTest {
    private static final Path SSH_ADD = Path.of("/usr/bin/ssh-add");

    @TempDir
    Path tmp;
    private final List<String> debug = new CopyOnWriteArrayList<>();
    private AgentServer agent;

    @BeforeEach
    void start() throws IOException {
        OpenSsh.assumeSsh();
        assumeTrue(Files.isExecutable(SSH_ADD), "ssh-add not installed");
        agent = AgentServer.start(AgentServer.privateSocketPath(), AgentServer.Options.defaults().withConfirmer(Confirmer.REFUSE).withDebug(debug::add));
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    private ProcessRunner.Result sshAdd(String... args) {
        List<String> cmd = new ArrayList<>(List.of(SSH_ADD.toString()));
        cmd.addAll(List.of(args));
        return ProcessRunner.command(cmd).env("SSH_AUTH_SOCK", agent.socket().toString())
                .env("SSH_ASKPASS", askpass().toString()).env("SSH_ASKPASS_REQUIRE", "force")
                .env("DISPLAY", "").timeout(Duration.ofSeconds(20)).run();
    }

    /** An askpass program answering every prompt with the lock password. */
    private Path askpass() {
        Path p = tmp.resolve("askpass");
        try {
            if (!Files.exists(p)) {
                Files.writeString(p, "#!/bin/sh\necho lockpw\n");
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    private Path key(String type, String comment) {
        Path k = tmp.resolve("id_" + type);
        OpenSsh.keygen(type, type.equals("rsa") ? 2048 : 0, k, comment);
        return k;
    }

    private static String fingerprintLine(Path key) {
        ProcessRunner.Result r = ProcessRunner.command(OpenSsh.SSH_KEYGEN.toString(), "-lf", OpenSsh.publicKeyFile(key).toString()).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r.stdoutText().strip();
    }

    @Test
    void sshAddManagesKeysOfEachType() throws IOException {
        List<Path> keys = List.of(key("ed25519", "ed@test"), key("ecdsa", "ec@test"), key("rsa", "rsa@test"));
        for (Path k : keys) {
            ProcessRunner.Result r = sshAdd(k.toString());
            assertThat(r.exitCode()).as(r.describe()).isZero();
            assertThat(r.stderrText()).contains("Identity added: " + k);
        }
        ProcessRunner.Result l = sshAdd("-l");
        assertThat(l.exitCode()).as(l.describe()).isZero();
        assertThat(l.stdoutText().strip().split("\n")).containsExactly(keys.stream().map(AgentOpenSshTest::fingerprintLine).toArray(String[]::new));
        ProcessRunner.Result big = sshAdd("-L");
        List<String> pubs = new ArrayList<>();
        for (Path k : keys) pubs.add(Files.readString(OpenSsh.publicKeyFile(k)).strip());
        assertThat(big.stdoutText().strip().split("\n")).containsExactlyElementsOf(pubs);

        ProcessRunner.Result d = sshAdd("-d", keys.get(1).toString());
        assertThat(d.exitCode()).as(d.describe()).isZero();
        assertThat(sshAdd("-l").stdoutText()).doesNotContain("ec@test").contains("ed@test", "rsa@test");

        ProcessRunner.Result x = sshAdd("-x");
        assertThat(x.exitCode()).as(x.describe()).isZero();
        assertThat(x.stderrText()).contains("Agent locked");
        ProcessRunner.Result locked = sshAdd("-l");
        assertThat(locked.exitCode()).isEqualTo(1);
        assertThat(locked.stdoutText()).contains("The agent has no identities.");
        ProcessRunner.Result unlock = sshAdd("-X");
        assertThat(unlock.exitCode()).as(unlock.describe()).isZero();
        assertThat(sshAdd("-l").stdoutText()).contains("ed@test", "rsa@test");

        assertThat(sshAdd("-D").exitCode()).isZero();
        assertThat(sshAdd("-l").exitCode()).isEqualTo(1);
    }

    @Test
    void sshAddLifetimeExpires() {
        Path k = key("ed25519", "brief@test");
        ProcessRunner.Result r = sshAdd("-t", "1", k.toString());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.stderrText()).contains("Lifetime set to 1 seconds");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean sawIt = false;
        boolean expired = false;
        while (System.nanoTime() < deadline) {
            ProcessRunner.Result l = sshAdd("-l");
            if (l.stdoutText().contains("brief@test")) {
                sawIt = true;
            } else if (l.exitCode() == 1) {
                expired = true;
                break;
            }
        }
        assertThat(expired).as("key expired within 10 s").isTrue();
        assertThat(sawIt || expired).isTrue();
    }

    @Test
    void clientWorksWithOpenSshAgent() throws Exception {
        Path sock = tmp.resolve("openssh-agent.sock");
        Process p = new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            AgentClient ready = null;
            while (ready == null && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    ready = AgentClient.connect(sock); // the socket file exists a moment before ssh-agent listens
                } catch (IOException e) {
                    Thread.sleep(20); // bounded readiness poll
                }
            }
            assertThat(ready).as("ssh-agent accepts connections").isNotNull();
            List<SshKeyPair> pairs = new ArrayList<>();
            for (String t : List.of("ed25519", "ecdsa", "rsa")) pairs.add(PrivateKeyFiles.read(key(t, t + "@openssh"), null));
            try (AgentClient c = ready) {
                for (SshKeyPair k : pairs) c.add(k, Constraints.NONE);
                assertThat(c.list()).extracting(AgentResponse.Identity::comment).containsExactly("ed25519@openssh", "ecdsa@openssh", "rsa@openssh");
                byte[] data = "sign me".getBytes(StandardCharsets.UTF_8);
                for (AgentKeyPair k : c.keyPairs()) {
                    for (SignatureAlgorithm alg : k.publicKey().signatureAlgorithms()) {
                        byte[] sig = k.sign(alg, data);
                        assertThat(k.publicKey().verify(alg, data, sig)).as(alg.toString()).isTrue();
                    }
                }
                c.lock("pw".getBytes(StandardCharsets.UTF_8));
                assertThat(c.list()).isEmpty();
                c.unlock("pw".getBytes(StandardCharsets.UTF_8));
                c.remove(pairs.getFirst().publicKey());
                assertThat(c.list()).hasSize(2);
                assertThat(Arrays.equals(c.list().getFirst().keyBlob(), pairs.get(1).publicKey().blob())).isTrue();
            }
        } finally {
            p.destroy();
            p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}

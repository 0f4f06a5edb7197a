package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.keys.RevokedKeys;
import dev.seashell.keys.SshKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AuthCommand}: tokens, exit status, time and output bounds, the program's own safety checks; {@link RevokedKeys#file}. */
class AuthCommandTest {
    @TempDir
    Path dir;

    private Path script(String body, String mode) throws Exception {
        Path p = dir.resolve("cmd-" + System.nanoTime());
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    private static AuthCommand command(Path program, Duration timeout, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return new AuthCommand("AuthorizedPrincipalsCommand", argv, UserAccount.current(), List.of(), timeout);
    }

    private static final Map<Character, String> TOKENS = Map.of('u', "alice", 'i', "id 7", 'C', "1.2.3.4 5 6.7.8.9 22");

    @Test
    void argumentsAreExpandedPerWordAndTheUserIsTheDefaultArgument() throws Exception {
        Path p = script("for a in \"$@\"; do echo \"[$a]\"; done", "rwx------");
        assertThat(command(p, Duration.ofSeconds(20), "%u", "%i", "%C", "100%%").run(TOKENS))
                .contains("[alice]\n[id 7]\n[1.2.3.4 5 6.7.8.9 22]\n[100%]\n");
        assertThat(command(p, Duration.ofSeconds(20)).run(TOKENS)).contains("[alice]\n");
        assertThat(command(p, Duration.ofSeconds(20), "%Z").run(TOKENS)).as("unknown token").isEmpty();
    }

    @Test
    void nonZeroExitMeansNothing() throws Exception {
        assertThat(command(script("echo alice; exit 3", "rwx------"), Duration.ofSeconds(20)).run(TOKENS)).isEmpty();
    }

    @Test
    void aHangingCommandIsKilledAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        Optional<String> out = command(script("echo alice; exec sleep 60", "rwx------"), Duration.ofSeconds(1)).run(TOKENS);
        assertThat(out).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void overlongOutputIsRefused() throws Exception {
        Path p = script("head -c " + (AuthCommand.MAX_OUTPUT + 10) + " /dev/zero | tr '\\0' a", "rwx------");
        assertThat(command(p, Duration.ofSeconds(20)).run(TOKENS)).isEmpty();
    }

    @Test
    void unsafeProgramsAreNotRun() throws Exception {
        Path marker = dir.resolve("ran");
        Path writable = script("touch " + marker + "; echo alice", "rwxrwxrwx");
        assertThat(command(writable, Duration.ofSeconds(20)).run(TOKENS)).isEmpty();
        assertThat(marker).doesNotExist();
        assertThat(AuthCommand.unsafe(Path.of("relative/prog"))).contains("path is not absolute");
        assertThat(AuthCommand.unsafe(dir)).contains("not a regular file");
    }

    @Test
    void revokedKeysFileIsReadAtEachCheckAndAnUnreadableFileRevokes() throws Exception {
        SshKeyPair k = KeyGen.generate("ed25519", 0, "k");
        Path list = dir.resolve("revoked");
        RevokedKeys live = RevokedKeys.file(list);
        assertThat(live.status(k.publicKey())).isEqualTo(RevokedKeys.Status.ERROR);
        Files.writeString(list, "# none yet\n");
        assertThat(live.status(k.publicKey())).isEqualTo(RevokedKeys.Status.NOT_REVOKED);
        Files.writeString(list, new PublicKeyLine(k.publicKey(), "k").format() + "\n");
        assertThat(live.status(k.publicKey())).isEqualTo(RevokedKeys.Status.REVOKED);
        Files.writeString(list, "not a key\n");
        assertThat(live.isRevoked(k.publicKey())).isTrue();
    }
}

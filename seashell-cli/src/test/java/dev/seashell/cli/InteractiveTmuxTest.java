package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.seashell.keys.KeyGen;
import dev.seashell.keys.PrivateKeyFiles;
import dev.seashell.keys.PublicKeyLine;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.OpenSshServer;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interactive sessions as a person drives them, through tmux (send-keys, capture-pane), in both
 * directions with OpenSSH: a login shell on a real pty, resize, Ctrl-C, exit codes, and ~. .
 */
class InteractiveTmuxTest {
    static final Path TMUX = Path.of("/usr/bin/tmux");
    static final Duration WAIT = Duration.ofSeconds(20);
    /** The first prompt includes a JVM start and a handshake: generous on a loaded 2-core machine. */
    static final Duration FIRST_PROMPT = Duration.ofSeconds(90);
    @TempDir Path dir;
    @RegisterExtension final TmuxSessions tmux = new TmuxSessions();

    static void assumeTmux() {
        assumeTrue(Files.isExecutable(TMUX), "tmux not installed");
    }

    String start(String name, String command) {
        return tmux.start(name, 120, 40, command);
    }

    static void keys(String session, String... keys) {
        List<String> cmd = new ArrayList<>(List.of(TMUX.toString(), "send-keys", "-t", session));
        cmd.addAll(Arrays.asList(keys));
        ProcessRunner.command(cmd.toArray(String[]::new)).timeout(Duration.ofSeconds(5)).run();
    }

    static String screen(String session) {
        return ProcessRunner.command(TMUX.toString(), "capture-pane", "-p", "-t", session).timeout(Duration.ofSeconds(5)).run().stdoutText();
    }

    /** Polls the screen (bounded) until it shows {@code text}; returns the screen. */
    static String await(String session, String text) {
        return await(session, text, WAIT);
    }

    static String await(String session, String text, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        String s = "";
        while (System.nanoTime() < deadline) {
            s = screen(session);
            if (s.contains(text)) return s;
            try {
                Thread.sleep(100); // polling the screen with a deadline, not synchronising on time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("screen never showed '" + text + "':\n" + s);
    }

    /** The same script against any login: prompt, tty, resize, Ctrl-C, exit 3. */
    static void driveShell(String s) {
        keys(s, "echo READY_$((6*7))", "Enter");
        await(s, "READY_42", FIRST_PROMPT);
        keys(s, "tty; stty size; echo SIZE_$((1+2))", "Enter");
        String screen = await(s, "SIZE_3");
        assertThat(screen).contains("/dev/pts/").contains("40 120");
        ProcessRunner.command(TMUX.toString(), "resize-window", "-t", s, "-x", "100", "-y", "30").run();
        // The window-change request races the next command: ask again (bounded) until it has arrived.
        boolean resized = false;
        for (int i = 0; i < 10 && !resized; i++) {
            keys(s, "stty size | sed 's/^/NOW /'", "Enter");
            try {
                await(s, "NOW 30 100", Duration.ofSeconds(3));
                resized = true;
            } catch (AssertionError notYet) {
                // the resize has not reached the remote pty yet
            }
        }
        assertThat(resized).as(screen(s)).isTrue();
        keys(s, "sleep 30; echo NOT_$((2+3))_INTERRUPTED", "Enter");
        keys(s, "C-c");
        keys(s, "echo AFTER_$((1+1))", "Enter");
        assertThat(await(s, "AFTER_2")).doesNotContain("NOT_5_INTERRUPTED");
        keys(s, "exit 3", "Enter");
        await(s, "EXIT=3");
    }

    static String seashell(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "dev.seashell.cli.Main"));
        cmd.addAll(Arrays.asList(args));
        return String.join(" ", cmd.stream().map(InteractiveTmuxTest::quote).toList());
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void openSshClientOnSeashellServer() throws IOException {
        assumeTmux();
        OpenSsh.assumeSsh();
        var userKey = OpenSshClient.newUserKey();
        var authorized = PublicKeyLine.parse(userKey.publicLine()).key();
        try (SshServer server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0))
                .publicKeys((u, k, a) -> k.equals(authorized))
                .sessions(new Sessions(Map.of())).start()) {
            String s = start("oss", String.join(" ", OpenSsh.SSH.toString(), "-tt", "-p", String.valueOf(server.port()),
                    "-i", userKey.privateKey().toString(), "-o", "StrictHostKeyChecking=no",
                    "-o", "UserKnownHostsFile=" + dir.resolve("kh"), "-o", "BatchMode=yes", "127.0.0.1"));
            driveShell(s);
        }
    }

    @Test
    void seashellClientOnOpenSshServer() throws IOException {
        assumeTmux();
        OpenSsh.assumeSshd();
        try (OpenSshServer sshd = openSshServerFor(key())) {
            String s = start("sso", seashellTo(sshd));
            driveShell(s);
        }
    }

    /** ~C opens ssh's command line; -L adds a forward to the running connection. */
    @Test
    void tildeCAddsALocalForward() throws Exception {
        assumeTmux();
        OpenSsh.assumeSshd();
        try (OpenSshServer sshd = openSshServerFor(key())) {
            String s = start("tildec", seashellTo(sshd));
            keys(s, "echo READY_$((6*7))", "Enter");
            await(s, "READY_42", FIRST_PROMPT);
            int port = dev.seashell.testing.FreePort.pick();
            keys(s, "Enter");
            keys(s, "~C");
            await(s, "\nssh>");
            keys(s, " -L" + port + ":127.0.0.1:" + sshd.port(), "Enter"); // leading space: tmux would read "-L" as its own option
            await(s, "Forwarding port.");
            try (java.net.Socket sock = new java.net.Socket("127.0.0.1", port)) {
                sock.setSoTimeout(20_000);
                byte[] banner = new byte[8];
                new java.io.DataInputStream(sock.getInputStream()).readFully(banner);
                assertThat(new String(banner, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SSH-2.0-");
            }
            keys(s, "exit 4", "Enter");
            await(s, "EXIT=4");
        }
    }

    private Path keyFile;

    /** A fresh user key, written where seashellTo(...) finds it. */
    OpenSshClient.UserKey key() throws IOException {
        var key = KeyGen.generate("ed25519", 0, "tmux-test");
        keyFile = dir.resolve("id_ed25519");
        PrivateKeyFiles.write(keyFile, key, null, 16);
        return new OpenSshClient.UserKey(keyFile, null, new PublicKeyLine(key.publicKey(), "t").format());
    }

    static OpenSshServer openSshServerFor(OpenSshClient.UserKey key) {
        return OpenSshServer.builder().authorizedKey(key.publicLine()).start();
    }

    /** `seashell ssh` to this sshd with the current key, trusting exactly its host keys. */
    String seashellTo(OpenSshServer sshd) throws IOException {
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, sshd.knownHostsLine() + "\n");
        return seashell("ssh", "-p", String.valueOf(sshd.port()), "-i", keyFile.toString(),
                "-o", "UserKnownHostsFile=" + kh, "-o", "StrictHostKeyChecking=yes", "127.0.0.1");
    }

    @Test
    void tildeDotEndsAHungSession() throws IOException {
        assumeTmux();
        OpenSsh.assumeSshd();
        try (OpenSshServer sshd = openSshServerFor(key())) {
            String s = start("tilde", seashellTo(sshd));
            keys(s, "echo READY_$((6*7))", "Enter");
            await(s, "READY_42", FIRST_PROMPT);
            keys(s, "sleep 100", "Enter");
            keys(s, "Enter");
            keys(s, "~.");
            await(s, "EXIT=255");
        }
    }
}

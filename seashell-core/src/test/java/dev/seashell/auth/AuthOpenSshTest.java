package dev.seashell.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.connection.ProcessCommandHandler;
import dev.seashell.connection.PtyRequest;
import dev.seashell.connection.ServerSession;
import dev.seashell.connection.SessionHandler;
import dev.seashell.keys.KeyGen;
import dev.seashell.server.SshServer;
import dev.seashell.testing.OpenSsh;
import dev.seashell.testing.OpenSshClient;
import dev.seashell.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH's real ssh client against Seashell's in-JVM server: keyboard-interactive, TOTP, 2FA, authorized_keys options. */
class AuthOpenSshTest {
    static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    static final byte[] KEY = Totp.base32(SECRET);

    final Queue<String> log = new ConcurrentLinkedQueue<>();
    @TempDir
    Path home;
    @TempDir
    Path work;
    UserAccount alice;
    SshServer server;
    volatile SessionHandler handler;

    /** Accepts a pty, runs nothing: reports what it was asked. */
    static final SessionHandler REPORTER = new SessionHandler() {
        @Override
        public boolean exec(ServerSession s, String command) {
            Thread.ofVirtual().start(() -> {
                try {
                    s.stdout().write(("ran:" + command + " pty=" + s.pty().isPresent() + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException ignored) {
                    // client gone
                }
                s.exit(0);
            });
            return true;
        }

        @Override
        public boolean pty(ServerSession s, PtyRequest r) {
            return true;
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        OpenSsh.assumeSsh();
        Files.createDirectories(home.resolve(".ssh"));
        // alice must not be uid 0, or PermitRootLogin applies to her; as root, her files are chowned to her.
        int me = (Integer) Files.getAttribute(home, "unix:uid");
        alice = new UserAccount("alice", me == 0 ? 4242 : me, 0, home.toString(), "/bin/sh");
        handler = REPORTER;
    }

    @AfterEach
    void tearDown() {
        if (server != null) server.close();
    }

    Optional<UserAccount> accounts(String user) {
        return user.equals("alice") ? Optional.of(alice) : Optional.empty();
    }

    void start(ServerAuthConfig c) throws IOException {
        server = SshServer.builder().port(0).hostKey(KeyGen.generate("ed25519", 0)).log(log::add)
                .auth(c.withAccounts(this::accounts, u -> List.of()))
                .sessions((u, r, l) -> handler).start();
    }

    ServerAuthConfig keys() {
        return ServerAuthConfig.defaults().withPublicKeys(new AuthorizedKeysAuthenticator(List.of(".ssh/authorized_keys"), this::accounts));
    }

    void authorize(String line) throws IOException {
        Files.writeString(home.resolve(".ssh/authorized_keys"), line + "\n");
    }

    /** ssh as alice; with {@code answer} non-null, prompts are answered by an askpass script printing it. */
    ProcessRunner.Result ssh(OpenSshClient.UserKey key, String answerFile, List<String> options, String... command) throws IOException {
        OpenSshClient c = OpenSshClient.to(server.port()).user("alice").insecureAcceptAnyHostKey();
        if (key != null) c.identity(key);
        for (String o : options) c.option(o);
        Path dir = Files.createTempDirectory(work, "run");
        {
            List<String> cmd = new ArrayList<>(c.commandLine(dir.resolve("known_hosts"), command));
            ProcessRunner runner;
            if (answerFile != null) {
                cmd.set(cmd.indexOf("BatchMode=yes"), "BatchMode=no");
                Path askpass = dir.resolve("askpass.sh");
                Files.writeString(askpass, "#!/bin/sh\ncat '" + answerFile + "'\n");
                Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
                runner = ProcessRunner.command(cmd).env("SSH_ASKPASS", askpass.toString()).env("SSH_ASKPASS_REQUIRE", "force")
                        .env("DISPLAY", ":0");
            } else {
                runner = ProcessRunner.command(cmd);
            }
            return runner.timeout(Duration.ofSeconds(30)).run();
        }
    }

    Path answer(String text) throws IOException {
        Path f = home.resolve("answer-" + System.nanoTime());
        Files.writeString(f, text + "\n");
        return f;
    }

    void writeTotpFile() throws IOException {
        Path f = home.resolve(".google_authenticator");
        Files.writeString(f, SECRET + "\n\" WINDOW_SIZE 3\n\" TOTP_AUTH\n12345678\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        Files.setAttribute(f, "unix:uid", alice.uid());
    }

    @Test
    void keyboardInteractivePasswordAlone() throws IOException {
        String hash = OpenBSDBCrypt.generate("2b", "wonderland".toCharArray(), new byte[16], 6);
        start(ServerAuthConfig.defaults().withPasswords(PasswordFile.parse("alice:" + hash)).withPasswordAuthentication(false));
        ProcessRunner.Result ok = ssh(null, answer("wonderland").toString(),
                List.of("PreferredAuthentications=keyboard-interactive", "NumberOfPasswordPrompts=1"), "echo", "hi");
        assertThat(ok.stdoutText()).as(ok.stderrText()).isEqualTo("ran:echo hi pty=false\n");
        ProcessRunner.Result bad = ssh(null, answer("wrong").toString(),
                List.of("PreferredAuthentications=keyboard-interactive", "NumberOfPasswordPrompts=1"), "echo", "hi");
        assertThat(bad.exitCode()).isEqualTo(255);
        assertThat(bad.stderrText()).contains("Permission denied");
        assertThat(log).anyMatch(l -> l.matches("Accepted keyboard-interactive/pam for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"))
                .anyMatch(l -> l.matches("Failed keyboard-interactive/pam for alice from 127\\.0\\.0\\.1 port \\d+ ssh2"));
    }

    @Test
    void totpCode() throws IOException {
        writeTotpFile();
        start(ServerAuthConfig.defaults().withTotp(new TotpAuthenticator(this::accounts)));
        String code = Totp.code(KEY, System.currentTimeMillis() / 1000);
        ProcessRunner.Result ok = ssh(null, answer(code).toString(), List.of("PreferredAuthentications=keyboard-interactive"), "true");
        assertThat(ok.stdoutText()).as(ok.stderrText()).isEqualTo("ran:true pty=false\n");
        ProcessRunner.Result bad = ssh(null, answer(code.equals("000000") ? "111111" : "000000").toString(),
                List.of("PreferredAuthentications=keyboard-interactive", "NumberOfPasswordPrompts=1"), "true");
        assertThat(bad.exitCode()).isEqualTo(255);
    }

    @Test
    void publickeyThenTotp() throws IOException {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        authorize(key.publicLine());
        writeTotpFile();
        start(keys().withTotp(new TotpAuthenticator(this::accounts))
                .withAuthenticationMethods(List.of(List.of("publickey", "keyboard-interactive"))));
        List<String> opts = List.of("PreferredAuthentications=publickey,keyboard-interactive", "NumberOfPasswordPrompts=1");
        ProcessRunner.Result keyOnly = ssh(key, answer("000001").toString(), opts, "true");
        assertThat(keyOnly.exitCode()).isEqualTo(255);
        assertThat(keyOnly.stderrText()).contains("Permission denied");
        ProcessRunner.Result codeOnly = ssh(null, answer(Totp.code(KEY, System.currentTimeMillis() / 1000)).toString(), opts, "true");
        assertThat(codeOnly.exitCode()).isEqualTo(255);
        ProcessRunner.Result both = ssh(key, answer(Totp.code(KEY, System.currentTimeMillis() / 1000)).toString(), opts, "true");
        assertThat(both.stdoutText()).as(both.stderrText()).isEqualTo("ran:true pty=false\n");
        assertThat(log).anyMatch(l -> l.startsWith("Accepted publickey for alice from 127.0.0.1 port "))
                .anyMatch(l -> l.startsWith("Accepted keyboard-interactive/pam for alice"));
    }

    @Test
    void forcedCommandRunsInsteadWithOriginalCommand() throws IOException {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        authorize("command=\"echo forced:$SSH_ORIGINAL_COMMAND\" " + key.publicLine());
        handler = ProcessCommandHandler.forCurrentUser(null, null);
        start(keys());
        ProcessRunner.Result r = ssh(key, null, List.of(), "echo", "chosen");
        assertThat(r.stdoutText()).as(r.stderrText()).isEqualTo("forced:echo chosen\n");
    }

    @Test
    void fromRefusesOtherAddresses() throws IOException {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        authorize("from=\"10.20.30.40\" " + key.publicLine());
        start(keys());
        ProcessRunner.Result r = ssh(key, null, List.of(), "true");
        assertThat(r.exitCode()).isEqualTo(255);
        assertThat(r.stderrText()).contains("Permission denied");
        authorize("from=\"10.20.30.40,127.0.0.0/8\" " + key.publicLine());
        assertThat(ssh(key, null, List.of(), "true").stdoutText()).isEqualTo("ran:true pty=false\n");
    }

    @Test
    void noPtyRefusesPty() throws IOException {
        OpenSshClient.UserKey key = OpenSshClient.newUserKey();
        authorize(key.publicLine());
        start(keys());
        ProcessRunner.Result withPty = ssh(key, null, List.of(), "-tt", "true");
        assertThat(withPty.stderrText()).doesNotContain("PTY allocation request failed");
        assertThat(withPty.stdoutText()).contains("pty=true");
        authorize("no-pty " + key.publicLine());
        ProcessRunner.Result refused = ssh(key, null, List.of(), "-tt", "true");
        assertThat(refused.stderrText()).contains("PTY allocation request failed");
        // ssh -tt treats the refusal as fatal for the session: the command does not run.
        assertThat(refused.stdoutText()).doesNotContain("ran:");
    }
}

package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.SftpCompleter.Candidate;
import dev.seashell.cli.SftpCompleter.Kind;
import dev.seashell.sftp.SftpClient;
import dev.seashell.sftp.SftpServer;
import dev.seashell.testing.OpenSsh;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tab completion at sftp's prompt against real listings from OpenSSH's sftp-server and Seashell's SftpServer. */
class SftpCompleterTest {
    @TempDir Path remoteDir;
    @TempDir Path localDir;
    private Process process;
    private Thread serverThread;
    private SftpClient sftp;

    @BeforeEach
    void files() throws IOException {
        Files.writeString(remoteDir.resolve("alpha.txt"), "a");
        Files.createDirectory(remoteDir.resolve("alps"));
        Files.writeString(remoteDir.resolve("alps/inner.bin"), "i");
        Files.writeString(remoteDir.resolve("beta"), "b");
        Files.writeString(remoteDir.resolve(".hidden"), "h");
        Files.createSymbolicLink(remoteDir.resolve("alink"), remoteDir.resolve("alps"));
        Files.writeString(localDir.resolve("local-one.txt"), "l");
        Files.createDirectory(localDir.resolve("local-dir"));
    }

    @AfterEach
    void stop() throws Exception {
        if (sftp != null) sftp.close();
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
        if (serverThread != null) serverThread.join(10_000);
    }

    static Stream<String> servers() {
        return Stream.of("openssh", "seashell");
    }

    SftpCompleter connect(String server) throws IOException {
        if (server.equals("openssh")) {
            OpenSsh.assumeSftp();
            process = new ProcessBuilder(OpenSsh.SFTP_SERVER.toString(), "-e", "-l", "ERROR")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            sftp = new SftpClient(process.getInputStream(), process.getOutputStream(), Duration.ofSeconds(30));
        } else {
            PipedInputStream serverIn = new PipedInputStream(1 << 16);
            PipedOutputStream toServer = new PipedOutputStream(serverIn);
            PipedInputStream clientIn = new PipedInputStream(1 << 16);
            PipedOutputStream toClient = new PipedOutputStream(clientIn);
            serverThread = Thread.ofPlatform().daemon().start(() -> {
                try (toClient) {
                    new SftpServer().serve(serverIn, toClient);
                } catch (IOException e) {
                    // the client closed
                }
            });
            sftp = new SftpClient(clientIn, toServer, Duration.ofSeconds(30));
        }
        String cwd = remoteDir.toRealPath().toString();
        return new SftpCompleter(sftp, () -> cwd, () -> localDir);
    }

    private static List<String> values(List<Candidate> cs) {
        return cs.stream().map(Candidate::value).toList();
    }

    @Test
    void commandsAtTheFirstWord() {
        SftpCompleter c = new SftpCompleter(null, () -> "/", () -> Path.of("/"));
        assertThat(values(c.complete(List.of(), "ge"))).containsExactly("get");
        assertThat(values(c.complete(List.of(), "re"))).containsExactly("reget", "rename", "reput");
        assertThat(c.complete(List.of(), "ge").getFirst().complete()).isTrue();
        assertThat(c.complete(List.of(), "xyz")).isEmpty();
    }

    @Test
    void argumentKindsFollowTheCommandAndSkipFlags() {
        assertThat(SftpCompleter.kindAfter(List.of("get"))).isEqualTo(Kind.REMOTE);
        assertThat(SftpCompleter.kindAfter(List.of("get", "-p", "a"))).isEqualTo(Kind.LOCAL);
        assertThat(SftpCompleter.kindAfter(List.of("put"))).isEqualTo(Kind.LOCAL);
        assertThat(SftpCompleter.kindAfter(List.of("put", "-r", "x"))).isEqualTo(Kind.REMOTE);
        assertThat(SftpCompleter.kindAfter(List.of("lcd"))).isEqualTo(Kind.LOCAL);
        assertThat(SftpCompleter.kindAfter(List.of("lls", "-l"))).isEqualTo(Kind.LOCAL);
        assertThat(SftpCompleter.kindAfter(List.of("chmod"))).isEqualTo(Kind.NONE);
        assertThat(SftpCompleter.kindAfter(List.of("chmod", "644"))).isEqualTo(Kind.REMOTE);
        assertThat(SftpCompleter.kindAfter(List.of("rename", "a"))).isEqualTo(Kind.REMOTE);
        assertThat(SftpCompleter.kindAfter(List.of("cd", "a"))).isEqualTo(Kind.NONE);
        assertThat(SftpCompleter.kindAfter(List.of("pwd"))).isEqualTo(Kind.NONE);
    }

    @ParameterizedTest
    @MethodSource("servers")
    void remotePathsFromTheServersListing(String server) throws IOException {
        SftpCompleter c = connect(server);
        List<Candidate> al = c.complete(List.of("get"), "al");
        assertThat(al).containsExactly(new Candidate("alink/", false), new Candidate("alpha.txt", true), new Candidate("alps/", false));
        assertThat(c.complete(List.of("get"), "alps/")).containsExactly(new Candidate("alps/inner.bin", true));
        assertThat(values(c.complete(List.of("rm"), "b"))).containsExactly("beta");
        assertThat(values(c.complete(List.of("ls", "-l"), ""))).containsExactly("alink/", "alpha.txt", "alps/", "beta");
        assertThat(values(c.complete(List.of("ls"), "."))).containsExactly(".hidden");
        assertThat(values(c.complete(List.of("chmod", "644"), "be"))).containsExactly("beta");
        assertThat(c.complete(List.of("chmod"), "be")).isEmpty();
        String abs = remoteDir.toRealPath() + "/alps/in";
        assertThat(values(c.complete(List.of("cd"), abs))).containsExactly(abs + "ner.bin");
        assertThat(c.complete(List.of("get"), "nothere/x")).isEmpty();
        // put's second argument is remote, its first local
        assertThat(values(c.complete(List.of("put", "local-one.txt"), "be"))).containsExactly("beta");
        assertThat(values(c.complete(List.of("put"), "local-"))).containsExactly("local-dir/", "local-one.txt");
        assertThat(values(c.complete(List.of("get", "beta"), "local-d"))).containsExactly("local-dir/");
        assertThat(values(c.complete(List.of("lcd"), "al"))).isEmpty();
    }
}

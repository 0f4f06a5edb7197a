package dev.seashell.cli;

import static dev.seashell.cli.InteractiveTmuxTest.FIRST_PROMPT;
import static dev.seashell.cli.InteractiveTmuxTest.await;
import static dev.seashell.cli.InteractiveTmuxTest.keys;
import static dev.seashell.cli.InteractiveTmuxTest.screen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.cli.TransferFixtures.Client;
import dev.seashell.server.SshServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** seashell sftp and scp on a terminal, driven through tmux: Tab completion. */
class SftpTmuxTest {
    @TempDir Path dir;
    @RegisterExtension final TmuxSessions tmux = new TmuxSessions();

    /** A tmux session running {@code args} (seashell's Main in a child JVM) in {@code cwd}. */
    private String start(String name, Path cwd, List<String> args) {
        InteractiveTmuxTest.assumeTmux();
        return tmux.startSeashell(name, cwd, 120, 40, args);
    }

    @Test
    void tabCompletesCommandsAndRemoteNames() throws IOException {
        Client client = TransferFixtures.client(dir);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Path local = Files.createDirectory(dir.resolve("local"));
        Files.writeString(remote.resolve("unique-remote-file.txt"), "completed by tab\n");
        Files.writeString(remote.resolve("other.txt"), "x");
        try (SshServer server = TransferFixtures.seashell(client)) {
            List<String> args = new ArrayList<>(List.of("sftp"));
            args.addAll(TransferFixtures.sshArgs(client, server.port()));
            args.add("127.0.0.1:" + remote.toRealPath());
            String s = start("sftptab", local, args);
            await(s, "sftp>", FIRST_PROMPT);
            keys(s, "ge", "Tab");
            await(s, "sftp> get"); // with a space after it, which capture-pane trims: the next line shows it
            keys(s, "uniq", "Tab");
            await(s, "sftp> get unique-remote-file.txt");
            keys(s, "Enter");
            await(s, "Fetching " + remote.toRealPath() + "/unique-remote-file.txt");
            keys(s, "bye", "Enter");
            await(s, "EXIT=0");
            assertThat(Files.readString(local.resolve("unique-remote-file.txt"))).isEqualTo("completed by tab\n");
            assertThat(screen(s)).doesNotContain("Invalid command");
        }
    }
}

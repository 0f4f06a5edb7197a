package dev.seashell.cli;

import static dev.seashell.cli.InteractiveTmuxTest.FIRST_PROMPT;
import static dev.seashell.cli.InteractiveTmuxTest.await;
import static dev.seashell.cli.InteractiveTmuxTest.keys;
import static dev.seashell.cli.InteractiveTmuxTest.quote;
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

/** The progress meter of seashell scp and sftp on a terminal (tmux), compared with OpenSSH's scp on the same width. */
class ProgressMeterTmuxTest {
    @TempDir Path dir;
    @RegisterExtension final TmuxSessions tmux = new TmuxSessions();

    /** The meter's final line on a screen: the line holding "100%". */
    private static String meterLine(String screen, String name) {
        return screen.lines().filter(l -> l.startsWith(name) && l.contains("100%")).findFirst()
                .orElseThrow(() -> new AssertionError("no progress line for " + name + " in:\n" + screen));
    }

    private static final java.util.regex.Pattern METER =
            java.util.regex.Pattern.compile("(\\S+) +100% +\\d+(KB|MB|GB)? +\\d+\\.\\d(KB|MB|GB)/s +\\d\\d:\\d\\d *");

    /**
     * sftp get and scp draw the meter on a terminal, column for column where OpenSSH's own scp
     * draws it for the same file on the same width.
     */
    @Test
    void progressMeterMatchesOpenSshsOnATerminal() throws IOException {
        InteractiveTmuxTest.assumeTmux();
        dev.seashell.testing.OpenSsh.assumeSshd();
        Client client = TransferFixtures.client(dir);
        Path remote = Files.createDirectory(dir.resolve("remote"));
        Path local = Files.createDirectory(dir.resolve("local"));
        TransferFixtures.randomFile(remote.resolve("meter.bin"), 6 << 20, 7);
        try (var sshd = TransferFixtures.openSsh(client)) {
            List<String> common = List.of("-P", String.valueOf(sshd.port()), "-i", client.key().toString(),
                    "-o", "UserKnownHostsFile=" + client.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes");
            String source = "127.0.0.1:" + remote.toRealPath().resolve("meter.bin");

            List<String> openssh = new ArrayList<>(List.of(dev.seashell.testing.OpenSsh.SSH.getParent().resolve("scp").toString()));
            openssh.addAll(common);
            openssh.addAll(List.of(source, "theirs.bin"));
            String o = tmux.start("oscp", 100, 20,
                    "cd " + quote(local.toString()) + " && " + String.join(" ", openssh.stream().map(InteractiveTmuxTest::quote).toList()));
            String theirs = meterLine(await(o, "EXIT=0", FIRST_PROMPT), "meter.bin");

            List<String> scp = new ArrayList<>(List.of("scp"));
            scp.addAll(common);
            scp.addAll(List.of(source, "ours.bin"));
            String s = startSized("sscp", local, scp);
            String ours = meterLine(await(s, "EXIT=0", FIRST_PROMPT), "meter.bin");
            assertThat(ours).matches(METER).hasSize(theirs.length());
            assertThat(ours.indexOf("100%")).isEqualTo(theirs.indexOf("100%"));
            assertThat(ours.indexOf("/s")).isEqualTo(theirs.indexOf("/s"));
            assertThat(theirs).matches(METER);

            List<String> sftp = new ArrayList<>(List.of("sftp"));
            sftp.addAll(common);
            sftp.add(source);
            String f = startSized("ssftp", local, sftp);
            String fetched = meterLine(await(f, "EXIT=0", FIRST_PROMPT), "meter.bin");
            assertThat(fetched.indexOf("100%")).isEqualTo(theirs.indexOf("100%"));
            assertThat(Files.mismatch(local.resolve("ours.bin"), remote.resolve("meter.bin"))).isEqualTo(-1);
            assertThat(Files.mismatch(local.resolve("meter.bin"), remote.resolve("meter.bin"))).isEqualTo(-1);

            // the legacy protocol (-O) draws the same meter
            List<String> legacy = new ArrayList<>(List.of("scp", "-O"));
            legacy.addAll(common);
            legacy.addAll(List.of(source, "legacy.bin"));
            String l = startSized("lscp", local, legacy);
            String old = meterLine(await(l, "EXIT=0", FIRST_PROMPT), "meter.bin");
            assertThat(old.indexOf("100%")).isEqualTo(theirs.indexOf("100%"));
            assertThat(Files.mismatch(local.resolve("legacy.bin"), remote.resolve("meter.bin"))).isEqualTo(-1);

            // -q: no meter
            List<String> quiet = new ArrayList<>(List.of("scp", "-q"));
            quiet.addAll(common);
            quiet.addAll(List.of(source, "quiet.bin"));
            String q = startSized("qscp", local, quiet);
            assertThat(await(q, "EXIT=0", FIRST_PROMPT)).doesNotContain("100%");
            assertThat(Files.mismatch(local.resolve("quiet.bin"), remote.resolve("meter.bin"))).isEqualTo(-1);
        }
    }

    /** A tmux session running {@code args} (seashell's Main) in {@code cwd}, on a 100-column window like the OpenSSH run. */
    private String startSized(String name, Path cwd, List<String> args) {
        return tmux.startSeashell(name, cwd, 100, 20, args);
    }
}

package dev.seashell.keys;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs OpenSSH's ssh-keygen for interop tests; tests are skipped where it is not installed. */
final class SshKeygen {
    static final Path BINARY = Path.of("/usr/bin/ssh-keygen");

    private SshKeygen() {}

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "ssh-keygen not installed");
    }

    /** Runs ssh-keygen with the arguments and returns stdout; fails on a non-zero exit. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ssh-keygen timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException("ssh-keygen " + String.join(" ", args) + " failed (" + p.exitValue() + "): "
                    + new String(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}

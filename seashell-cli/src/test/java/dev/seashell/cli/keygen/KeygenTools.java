package dev.seashell.cli.keygen;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs seashell keygen in-process and OpenSSH's ssh-keygen as a process, capturing both the same way. */
final class KeygenTools {
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    record Result(int code, String out, String err) {}

    private KeygenTools() {}

    static void assumeOpenSsh() {
        assumeTrue(Files.isExecutable(SSH_KEYGEN), "ssh-keygen not installed");
    }

    /** seashell keygen with stdin text, home directory home; no terminal, so prompts read stdin. */
    static Result seashellIn(Path home, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Io io = new Io(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)), o, e, home, null);
        int code = KeygenCommand.run(args, io);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result seashell(Path home, String... args) {
        return seashellIn(home, "", args);
    }

    /** /usr/bin/ssh-keygen in directory dir with stdin text. */
    static Result opensshIn(Path dir, String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(SSH_KEYGEN.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException ex) {
                return new byte[0];
            }
        });
        try (var in = p.getOutputStream()) {
            in.write((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // ssh-keygen may exit without reading stdin
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ssh-keygen timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    static Result openssh(Path dir, String... args) throws IOException, InterruptedException {
        return opensshIn(dir, "", args);
    }

    /** ssh-keygen that must succeed; returns stdout. */
    static String ok(Path dir, String... args) throws IOException, InterruptedException {
        Result r = opensshIn(dir, "", args);
        if (r.code() != 0) throw new AssertionError("ssh-keygen " + String.join(" ", args) + " failed: " + r.err());
        return r.out();
    }
}

package dev.seashell.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Asks the user to allow one use of a key added with the confirm constraint. */
@FunctionalInterface
public interface Confirmer {
    /** True to allow; must not block indefinitely. */
    boolean confirm(String question);

    /** Refuses every use: keys with the confirm constraint can be added but never used. */
    Confirmer REFUSE = q -> false;

    /**
     * OpenSSH's way: runs $SSH_ASKPASS with SSH_ASKPASS_PROMPT=confirm and the question as its
     * argument; exit status 0 allows. Without SSH_ASKPASS (or on timeout) every use is refused.
     */
    static Confirmer askpass() {
        String program = System.getenv("SSH_ASKPASS");
        if (program == null || program.isEmpty() || !Files.isExecutable(Path.of(program))) return REFUSE;
        return question -> {
            try {
                ProcessBuilder pb = new ProcessBuilder(program, question).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("SSH_ASKPASS_PROMPT", "confirm");
                Process p = pb.start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return false;
                }
                return p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}

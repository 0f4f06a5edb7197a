package dev.seashell.cli.mux;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** ControlMaster ask/autoask: confirmation through $SSH_ASKPASS as OpenSSH's ask_permission; no askpass means no. */
final class Askpass {
    private Askpass() {}

    static boolean confirm(String prompt) {
        String askpass = System.getenv("SSH_ASKPASS");
        if (askpass == null || askpass.isEmpty()) return false;
        try {
            ProcessBuilder pb = new ProcessBuilder(askpass, prompt.formatted("this host").strip())
                    .redirectInput(new File("/dev/null")).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("SSH_ASKPASS_PROMPT", "confirm");
            Process p = pb.start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0 && (answer.isEmpty() || answer.equalsIgnoreCase("yes"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

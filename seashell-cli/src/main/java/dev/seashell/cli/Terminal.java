package dev.seashell.cli;

import dev.seashell.auth.ClientUserAuth;
import java.io.BufferedReader;
import java.io.Console;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Prompts on the controlling terminal (/dev/tty), as OpenSSH's read_passphrase does. */
final class Terminal {
    private static final String TTY = "/dev/tty";

    /** Reads a line without echo; null when there is no terminal or on EOF. */
    char[] readPassword(String prompt) {
        Console c = System.console();
        if (c != null && c.isTerminal()) return c.readPassword("%s", prompt);
        try {
            stty("-echo");
            try {
                return readLine(prompt, true);
            } finally {
                stty("echo");
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a line with echo; null when there is no terminal. */
    String readLine(String prompt) {
        try {
            char[] l = readLine(prompt, false);
            return l == null ? null : new String(l);
        } catch (IOException e) {
            return null;
        }
    }

    String[] respond(String name, String instruction, List<ClientUserAuth.Prompt> prompts) {
        if (!name.isEmpty()) System.err.println(name);
        if (!instruction.isEmpty()) System.err.println(instruction);
        String[] answers = new String[prompts.size()];
        for (int i = 0; i < answers.length; i++) {
            ClientUserAuth.Prompt p = prompts.get(i);
            if (p.echo()) {
                answers[i] = readLine(p.text());
            } else {
                char[] pw = readPassword(p.text());
                answers[i] = pw == null ? null : new String(pw);
            }
            if (answers[i] == null) return null;
        }
        return answers;
    }

    private static char[] readLine(String prompt, boolean newlineAfter) throws IOException {
        try (Writer w = new FileWriter(TTY, StandardCharsets.UTF_8);
             BufferedReader r = new BufferedReader(new FileReader(TTY, StandardCharsets.UTF_8))) {
            w.write(prompt);
            w.flush();
            String line = r.readLine();
            if (newlineAfter) {
                w.write("\n");
                w.flush();
            }
            return line == null ? null : line.toCharArray();
        }
    }

    /** Runs stty on the controlling terminal; returns its output. */
    static String stty(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("stty"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(new java.io.File(TTY)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) throw new IOException("stty " + String.join(" ", args) + ": " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        return out;
    }
}

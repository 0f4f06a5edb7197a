package dev.seashell.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * POSIX getopt(3) as OpenSSH's tools use it: clustered flags ({@code -vvv}), attached or separate
 * arguments ({@code -p2222}, {@code -p 2222}), {@code --} ends options, and parsing stops at the
 * first operand (the caller may resume after it, as ssh does after the destination).
 */
public final class Getopt {
    /** One parsed option; {@code arg} is null for flags. */
    public record Opt(char name, String arg) {}

    /** Thrown for an unknown option or a missing argument, with OpenSSH's wording. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final String spec;
    private final String program;

    /** @param spec getopt's option string, e.g. "46Ab:c:" (a colon after a letter takes an argument) */
    public Getopt(String program, String spec) {
        this.program = program;
        this.spec = spec;
    }

    /**
     * Parses options from {@code args[from]} until the first operand. Returns the options; the
     * index of the first unparsed argument is stored in {@code next[0]}.
     */
    public List<Opt> parse(String[] args, int from, int[] next) throws UsageException {
        List<Opt> out = new ArrayList<>();
        int i = from;
        while (i < args.length) {
            String a = args[i];
            if (a.equals("--")) {
                i++;
                break;
            }
            if (!a.startsWith("-") || a.length() == 1) break;
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = spec.indexOf(c);
                if (at < 0 || c == ':') throw new UsageException(program + ": illegal option -- " + c);
                boolean takesArg = at + 1 < spec.length() && spec.charAt(at + 1) == ':';
                if (!takesArg) {
                    out.add(new Opt(c, null));
                    continue;
                }
                String value;
                if (j + 1 < a.length()) {
                    value = a.substring(j + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(program + ": option requires an argument -- " + c);
                }
                out.add(new Opt(c, value));
                break;
            }
            i++;
        }
        next[0] = i;
        return out;
    }
}

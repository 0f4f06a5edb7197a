package dev.seashell.cli.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * getopt(3) for these commands: clustered flags, attached or separate arguments, {@code --}, and
 * parsing stops at the first operand (the rest are returned as operands).
 */
record Options(List<Opt> options, List<String> operands) {
    /** One option; {@code arg} is null for flags. */
    record Opt(char name, String arg) {}

    /** An unknown option or a missing argument, worded as OpenSSH's getopt prints it. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(String program, String spec, String[] args) throws UsageException {
        List<Opt> out = new ArrayList<>();
        int i = 0;
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
                if (at + 1 >= spec.length() || spec.charAt(at + 1) != ':') {
                    out.add(new Opt(c, null));
                    continue;
                }
                String value;
                if (j + 1 < a.length()) value = a.substring(j + 1);
                else if (i + 1 < args.length) value = args[++i];
                else throw new UsageException(program + ": option requires an argument -- " + c);
                out.add(new Opt(c, value));
                break;
            }
            i++;
        }
        return new Options(out, List.of(Arrays.copyOfRange(args, i, args.length)));
    }

    boolean has(char c) {
        return options.stream().anyMatch(o -> o.name() == c);
    }

    /** The last value of an option, or null. */
    String last(char c) {
        String v = null;
        for (Opt o : options) if (o.name() == c) v = o.arg();
        return v;
    }

    List<String> all(char c) {
        return options.stream().filter(o -> o.name() == c).map(Opt::arg).toList();
    }
}

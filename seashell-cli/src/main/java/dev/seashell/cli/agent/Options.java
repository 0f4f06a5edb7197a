package dev.seashell.cli.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.seashell.cli.Getopt;

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

    /** getopt over all of {@code args}: options until the first operand, the rest as operands. */
    static Options parse(String program, String spec, String[] args) throws UsageException {
        int[] next = new int[1];
        try {
            List<Opt> out = new ArrayList<>();
            for (Getopt.Opt o : new Getopt(program, spec).parse(args, 0, next)) out.add(new Opt(o.name(), o.arg()));
            return new Options(out, List.of(Arrays.copyOfRange(args, next[0], args.length)));
        } catch (Getopt.UsageException e) {
            throw new UsageException(e.getMessage());
        }
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

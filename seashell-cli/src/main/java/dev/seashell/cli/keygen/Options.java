package dev.seashell.cli.keygen;

import java.util.ArrayList;
import java.util.List;

/**
 * ssh-keygen's command line, parsed as glibc getopt(3) does (options and operands may mix;
 * "--" ends options). Flags keep their count, arguments their last value.
 */
final class Options {
    /** ssh-keygen 9.x's option string. */
    static final String SPEC = "ABHKLQUXceghiklopquvyb:C:D:E:F:I:M:N:O:P:R:V:Y:Z:a:f:m:n:r:s:t:w:z:";

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private final int[] counts = new int[128];
    private final String[] values = new String[128];
    private final List<List<String>> all = new ArrayList<>();
    final List<String> operands = new ArrayList<>();

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        boolean optionsEnded = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (optionsEnded || !a.startsWith("-") || a.length() == 1) {
                o.operands.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = c < 128 && c != ':' ? SPEC.indexOf(c) : -1;
                if (at < 0) throw new UsageException("unknown option -- " + c);
                if (at + 1 < SPEC.length() && SPEC.charAt(at + 1) == ':') {
                    String v;
                    if (j + 1 < a.length()) v = a.substring(j + 1);
                    else if (i + 1 < args.length) v = args[++i];
                    else throw new UsageException("option requires an argument -- " + c);
                    o.counts[c]++;
                    o.values[c] = v;
                    o.all.add(List.of(String.valueOf(c), v));
                    break;
                }
                o.counts[c]++;
            }
        }
        return o;
    }

    boolean has(char c) {
        return counts[c] > 0;
    }

    int count(char c) {
        return counts[c];
    }

    String get(char c) {
        return values[c];
    }

    /** Every value given for an option that may repeat (-O), in order. */
    List<String> all(char c) {
        return all.stream().filter(e -> e.getFirst().charAt(0) == c).map(List::getLast).toList();
    }

    String get(char c, String dflt) {
        return values[c] == null ? dflt : values[c];
    }
}

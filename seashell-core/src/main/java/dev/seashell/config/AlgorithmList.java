package dev.seashell.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves an algorithm-list option the way OpenSSH's {@code kex_assemble_names} does:
 * {@code +list} appends to the defaults, {@code -list} removes (wildcards allowed) from the defaults,
 * {@code ^list} puts the list in front of the defaults, anything else replaces them. Each name may be
 * a wildcard pattern, expanded against the supported list in its order; duplicates are dropped.
 */
public final class AlgorithmList {
    private AlgorithmList() {}

    /**
     * Resolves with wildcards allowed and a generic message.
     *
     * @throws IllegalArgumentException on an unknown name, a negation or an empty result
     */
    public static List<String> resolve(String spec, List<String> supported, List<String> defaults) {
        return resolve(spec, supported, defaults, true, "Bad algorithm spec '%s'.".formatted(spec));
    }

    /** Resolves with the wildcard rule and error wording of the given option. */
    public static List<String> resolve(AlgorithmKind kind, String spec, List<String> supported, List<String> defaults) {
        return resolve(spec, supported, defaults, kind.wildcards(), kind.error(spec));
    }

    private static List<String> resolve(String spec, List<String> supported, List<String> defaults,
            boolean wildcards, String error) {
        if (spec == null || spec.isEmpty()) {
            return List.copyOf(defaults);
        }
        char op = spec.charAt(0);
        if (op == '-') {
            List<String> out = new ArrayList<>();
            for (String d : defaults) {
                if (Patterns.list(d, spec.substring(1), false) != 1) {
                    out.add(d);
                }
            }
            return List.copyOf(out);
        }
        String names = op == '+' || op == '^' ? spec.substring(1) : spec;
        List<String> given = List.of(names.split(",", -1));
        for (String name : given) {
            boolean wild = name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
            boolean known = wild ? wildcards && supported.stream().anyMatch(s -> Patterns.glob(s, name))
                    : supported.contains(name);
            if (name.isEmpty() || name.startsWith("!") || !known) {
                throw new IllegalArgumentException(error);
            }
        }
        List<String> patterns = new ArrayList<>();
        if (op == '+') {
            patterns.addAll(defaults);
            patterns.addAll(given);
        } else if (op == '^') {
            patterns.addAll(given);
            patterns.addAll(defaults);
        } else {
            patterns.addAll(given);
        }
        Set<String> out = new LinkedHashSet<>();
        for (String p : patterns) {
            for (String s : supported) {
                if (Patterns.glob(s, p)) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(error);
        }
        return List.copyOf(out);
    }
}

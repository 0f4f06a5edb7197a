package dev.seashell.config;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Argument parsers shared by both formats; each reports errors with the line's location. */
final class Values {
    private Values() {}

    /** yes/no (also true/false where OpenSSH's tables accept them). */
    static boolean yesNo(ConfigLine l) throws ConfigException {
        return switch (l.arg()) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> throw bad(l);
        };
    }

    /** Maps the argument through an OpenSSH multistate table to a canonical name. */
    static String choice(ConfigLine l, Map<String, String> table) throws ConfigException {
        String v = table.get(l.arg());
        if (v == null) {
            throw bad(l);
        }
        return v;
    }

    static int integer(ConfigLine l) throws ConfigException {
        String a = l.arg();
        try {
            int v = Integer.parseInt(a);
            if (v < 0) {
                throw bad(l);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(l.where() + ": invalid integer value \"" + a + "\".");
        }
    }

    static int port(ConfigLine l) throws ConfigException {
        int p = l.arg().chars().allMatch(Character::isDigit) && l.arg().length() <= 5 ? Integer.parseInt(l.arg()) : -1;
        if (p <= 0 || p > 65535) {
            throw new ConfigException(l.where() + ": Badly formatted port number.");
        }
        return p;
    }

    static long time(ConfigLine l) throws ConfigException {
        long t = Units.seconds(l.arg());
        if (t < 0) {
            throw new ConfigException(l.where() + ": invalid time value.");
        }
        return t;
    }

    static RekeyLimit rekeyLimit(ConfigLine l) throws ConfigException {
        String a = l.arg();
        long bytes = 0;
        if (!a.equals("default")) {
            bytes = Units.bytes(a);
            if (bytes < 0) {
                throw new ConfigException(l.where() + ": Bad RekeyLimit");
            }
            if (bytes != 0 && bytes < 16) {
                throw new ConfigException(l.where() + ": RekeyLimit too small");
            }
        }
        long secs = 0;
        if (l.args().size() > 1) {
            String t = l.args().get(1);
            if (!t.equals("default") && !t.equals("none")) {
                secs = Units.seconds(t);
                if (secs < 0) {
                    throw new ConfigException(l.where() + ": invalid time value.");
                }
            }
        }
        return new RekeyLimit(bytes, secs);
    }

    static LogLevel logLevel(ConfigLine l) throws ConfigException {
        LogLevel v = LogLevel.parse(l.arg());
        if (v == null) {
            throw new ConfigException(l.where() + ": unsupported log level '" + l.arg() + "'");
        }
        return v;
    }

    static ConfigException bad(ConfigLine l) {
        return new ConfigException(l.where() + ": unsupported option \"" + (l.args().isEmpty() ? "" : l.args().getFirst()) + "\".");
    }

    static ConfigException extra(ConfigLine l) {
        return new ConfigException(l.where() + ": keyword " + l.keyword() + " extra arguments at end of line");
    }

    /** Values were validated at parse time; a failure here is a bug, reported unchecked. */
    static UncheckedIOException unchecked(ConfigException e) {
        return new UncheckedIOException(e);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Map<String, String> table(String... pairs) {
        java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(m);
    }

    static List<String> commaList(String s) {
        return List.of(s.split(","));
    }
}

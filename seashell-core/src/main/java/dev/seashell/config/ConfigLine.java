package dev.seashell.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One directive of an OpenSSH configuration file: the keyword, its arguments split the way
 * OpenSSH's {@code argv_split} does (double or single quotes, backslash escapes, {@code #} starting
 * a comment at a token boundary), and the raw remainder for options that take a whole command line.
 *
 * @param file   file name as shown in messages ({@code command-line} for {@code -o})
 * @param number 1-based line number (0 for {@code -o})
 */
public record ConfigLine(String file, int number, String keyword, List<String> args, String rest) {

    public ConfigLine {
        args = List.copyOf(args);
    }

    /** Lower-cased keyword, the key used for lookups. */
    public String key() {
        return keyword.toLowerCase(Locale.ROOT);
    }

    /** The {@code "file line N"} prefix OpenSSH puts in front of most diagnostics. */
    public String where() {
        return file + " line " + number;
    }

    /** First argument, or a "missing argument" error. */
    public String arg() throws ConfigException {
        if (args.isEmpty()) {
            throw new ConfigException(where() + ": " + keyword + " missing argument.");
        }
        return args.getFirst();
    }

    /** Parses one line; returns null for blank lines and comments. */
    public static ConfigLine parse(String file, int number, String text) throws ConfigException {
        String s = text.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return null;
        }
        int i = 0;
        while (i < s.length() && !isSpace(s.charAt(i)) && s.charAt(i) != '=') {
            i++;
        }
        String keyword = s.substring(0, i);
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '=') {
            i++;
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
        }
        String rest = s.substring(i);
        if (keyword.isEmpty()) {
            throw new ConfigException(file + " line " + number + ": invalid line");
        }
        List<String> args = split(rest);
        if (args == null) {
            throw new ConfigException(file + " line " + number + ": invalid quotes");
        }
        return new ConfigLine(file, number, keyword, args, rest);
    }

    /** OpenSSH argv_split with comment termination; null on an unterminated quote. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                break;
            }
            StringBuilder arg = new StringBuilder();
            char quote = 0;
            for (; i < n; i++) {
                c = s.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char d = s.charAt(i + 1);
                    if (d == '\'' || d == '"' || d == '\\' || (quote == 0 && d == ' ')) {
                        i++;
                        arg.append(d);
                    } else {
                        arg.append(c);
                    }
                } else if (quote == 0 && isSpace(c)) {
                    break;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else {
                    arg.append(c);
                }
            }
            if (quote != 0) {
                return null;
            }
            out.add(arg.toString());
        }
        return out;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}

package dev.seashell.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an sftp command line into words as OpenSSH's sftp does: blanks separate, single and
 * double quotes group, backslash escapes. Glob characters that were quoted or escaped keep a
 * backslash so that globbing treats them literally; {@link #literal} removes it.
 */
final class SftpTokens {
    private SftpTokens() {}

    static List<String> split(String line) throws IllegalArgumentException {
        List<String> out = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == 0 && (c == ' ' || c == '\t')) {
                if (word != null) out.add(word.toString());
                word = null;
                continue;
            }
            if (word == null) word = new StringBuilder();
            if (c == '\\' && quote != '\'') {
                if (++i >= line.length()) throw new IllegalArgumentException("Unterminated quoted argument");
                char e = line.charAt(i);
                if ("*?[]\\".indexOf(e) >= 0) word.append('\\');
                word.append(e);
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            } else {
                if (quote != 0 && "*?[]\\".indexOf(c) >= 0) word.append('\\');
                word.append(c);
            }
        }
        if (quote != 0) throw new IllegalArgumentException("Unterminated quoted argument");
        if (word != null) out.add(word.toString());
        return out;
    }

    /** A word with its glob escapes removed. */
    static String literal(String word) {
        if (word.indexOf('\\') < 0) return word;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '\\' && i + 1 < word.length()) c = word.charAt(++i);
            sb.append(c);
        }
        return sb.toString();
    }
}

package dev.seashell.cli;

import java.io.IOException;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * sftp's interactive prompt on a terminal: JLine line editing, in-memory history and Tab completion
 * from {@link SftpCompleter}. Used only when stdin is a terminal and there is no batch file.
 */
final class SftpLineEditor implements SftpShell.Lines, AutoCloseable {
    private static final String PROMPT = "sftp> ";
    private final Terminal terminal;
    private final LineReader reader;

    SftpLineEditor(SftpCompleter completer) throws IOException {
        terminal = TerminalBuilder.builder().system(true).name("sftp").build();
        DefaultParser parser = new DefaultParser(); // blanks separate, quotes group, backslash escapes: sftp's own rules
        reader = LineReaderBuilder.builder().terminal(terminal).appName("sftp").parser(parser)
                .completer((r, line, candidates) -> {
                    List<String> before = line.words().subList(0, line.wordIndex());
                    if (!before.isEmpty() && before.getFirst().startsWith("!")) return; // a local shell command
                    String partial = line.word().substring(0, line.wordCursor());
                    for (SftpCompleter.Candidate c : completer.complete(before, partial)) {
                        candidates.add(new Candidate(c.value(), display(c.value()), null, null, null, null, c.complete()));
                    }
                })
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' runs a local command, not history
                .option(LineReader.Option.AUTO_FRESH_LINE, false)
                .build();
    }

    /** A path candidate is listed by its last name, as shells list them. */
    private static String display(String value) {
        int slash = value.lastIndexOf('/', value.length() - 2);
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** The next line, "" after Ctrl-C, null at end of input (Ctrl-D). */
    @Override
    public String read() {
        try {
            return reader.readLine(PROMPT);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}

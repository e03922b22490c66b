package io.taskrunner.console.viewmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Splits what the operator typed into a program and its arguments, without a shell: whitespace separates
 * arguments, single or double quotes keep spaces in one argument ({@code echo "hello world"} gives
 * {@code [echo, hello world]}), and inside double quotes {@code \"} and {@code \\} stand for {@code "} and
 * {@code \}. Any other backslash is kept as typed, so Windows paths need no escaping. A quote left open runs to the
 * end of the line.
 */
public final class CommandLine {
    private CommandLine() {
    }

    public static List<String> split(String line) {
        List<String> argv = new ArrayList<>();
        if (line == null) {
            return argv;
        }
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"' && c == '\\' && i + 1 < line.length()
                        && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    current.append(line.charAt(++i));
                } else {
                    current.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    argv.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArgument = true;
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (inArgument) {
            argv.add(current.toString());
        }
        return argv;
    }

    /** The arguments as one line that {@link #split(String)} reads back the same; for showing past runs. */
    public static String join(List<String> argv) {
        return argv.stream().map(CommandLine::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String argument) {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"'
                || c == '\'')) {
            return argument;
        }
        StringBuilder quoted = new StringBuilder().append('"');
        for (int i = 0; i < argument.length(); i++) {
            char c = argument.charAt(i);
            char next = i + 1 < argument.length() ? argument.charAt(i + 1) : '"';
            if (c == '"' || (c == '\\' && (next == '"' || next == '\\'))) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}

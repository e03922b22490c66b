package io.taskrunner.agent.task.sql;

import io.taskrunner.agent.task.TaskException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A statement with its {@code :name} parameters replaced by JDBC's {@code ?}, and the names in the order of the
 * {@code ?}s (a name used twice appears twice). A {@code :name} inside a string literal ({@code '...'}, with
 * {@code ''} for a quote, and PostgreSQL's {@code E'...'} with backslash escapes), a quoted identifier
 * ({@code "..."}, {@code `...`}), a comment ({@code --}, {@code /* *}{@code /}) or a PostgreSQL dollar-quoted
 * string ({@code $$...$$}, {@code $tag$...$tag$}) is left alone, and so are the casts {@code ::type},
 * assignments {@code :=} and a colon right after a word or number (array slices {@code arr[1:n]}).
 *
 * @param sql   the statement for {@link java.sql.Connection#prepareStatement(String)}
 * @param names the parameter of each {@code ?}, in order
 */
public record NamedParameters(String sql, List<String> names) {

    public NamedParameters {
        names = List.copyOf(names);
    }

    /**
     * @param declared the parameters the task declares
     * @throws TaskException if a {@code :name} names no declared parameter
     */
    public static NamedParameters parse(String statement, Collection<String> declared) {
        return new Parser(statement, declared).parse();
    }

    /** Like {@link #parse(String, Collection)} for any names, e.g. a script's own values, checked by the caller. */
    public static NamedParameters parse(String statement) {
        return new Parser(statement, null).parse();
    }

    private static final class Parser {
        private final String in;
        private final Collection<String> declared;
        private final StringBuilder out;
        private final List<String> names = new ArrayList<>();
        private int pos;

        Parser(String in, Collection<String> declared) {
            this.in = in;
            this.declared = declared;
            this.out = new StringBuilder(in.length());
        }

        NamedParameters parse() {
            while (pos < in.length()) {
                char c = in.charAt(pos);
                if (c == '\'') {
                    copyQuoted('\'', escapeStringPrefix());
                } else if (c == '"' || c == '`') {
                    copyQuoted(c, false);
                } else if (c == '-' && next() == '-') {
                    copyUntilAfter("\n");
                } else if (c == '/' && next() == '*') {
                    copyUntilAfter("*/");
                } else if (c == '$' && !identifierBefore(pos)) {
                    copyDollarQuotedOrChar();
                } else if (c == ':') {
                    parameterOrColon();
                } else {
                    out.append(c);
                    pos++;
                }
            }
            return new NamedParameters(out.toString(), names);
        }

        private char next() {
            return pos + 1 < in.length() ? in.charAt(pos + 1) : '\0';
        }

        /** A quote right after a lone {@code E} (not the end of a longer word) opens a backslash-escaped string. */
        private boolean escapeStringPrefix() {
            return pos > 0 && (in.charAt(pos - 1) == 'E' || in.charAt(pos - 1) == 'e') && !identifierBefore(pos - 1);
        }

        /** Copies a quoted run, where a doubled quote stands for itself; unterminated runs last to the end. */
        private void copyQuoted(char quote, boolean backslashEscapes) {
            int end = pos + 1;
            while (end < in.length()) {
                char c = in.charAt(end);
                if (backslashEscapes && c == '\\') {
                    end += 2;
                } else if (c == quote) {
                    if (end + 1 < in.length() && in.charAt(end + 1) == quote) {
                        end += 2;
                    } else {
                        end++;
                        break;
                    }
                } else {
                    end++;
                }
            }
            copyTo(Math.min(end, in.length()));
        }

        private void copyUntilAfter(String terminator) {
            int found = in.indexOf(terminator, pos + 2);
            copyTo(found < 0 ? in.length() : found + terminator.length());
        }

        private void copyDollarQuotedOrChar() {
            int tagEnd = pos + 1;
            if (tagEnd < in.length() && isIdentifierStart(in.charAt(tagEnd))) {
                while (tagEnd < in.length() && isIdentifierPart(in.charAt(tagEnd))) {
                    tagEnd++;
                }
            }
            if (tagEnd >= in.length() || in.charAt(tagEnd) != '$') {
                // $1 (a positional parameter) or a lone $: not a quote.
                copyTo(pos + 1);
                return;
            }
            String tag = in.substring(pos, tagEnd + 1);
            int close = in.indexOf(tag, tagEnd + 1);
            copyTo(close < 0 ? in.length() : close + tag.length());
        }

        private void parameterOrColon() {
            if (next() == ':') {
                copyTo(pos + 2);
                return;
            }
            // a colon right after a word or number is no parameter: PostgreSQL array slices such as arr[1:n]
            boolean afterWord = pos > 0 && isIdentifierPart(in.charAt(pos - 1));
            if (afterWord || !isIdentifierStart(next())) {
                copyTo(pos + 1);
                return;
            }
            int end = pos + 1;
            while (end < in.length() && isIdentifierPart(in.charAt(end))) {
                end++;
            }
            String name = in.substring(pos + 1, end);
            if (declared != null && !declared.contains(name)) {
                throw new TaskException(":" + name + " names no parameter of the task; "
                        + (declared.isEmpty() ? "it declares none" : "it declares " + declared));
            }
            names.add(name);
            out.append('?');
            pos = end;
        }

        private void copyTo(int end) {
            out.append(in, pos, end);
            pos = end;
        }

        private boolean identifierBefore(int index) {
            return index > 0 && (isIdentifierPart(in.charAt(index - 1)) || in.charAt(index - 1) == '$');
        }

        private static boolean isIdentifierStart(char c) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        private static boolean isIdentifierPart(char c) {
            return isIdentifierStart(c) || (c >= '0' && c <= '9');
        }
    }
}

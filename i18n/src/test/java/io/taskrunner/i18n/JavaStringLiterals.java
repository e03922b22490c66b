package io.taskrunner.i18n;

import java.util.ArrayList;
import java.util.List;

/** Finds the string literals of Java source text, skipping comments, char literals and text blocks. */
final class JavaStringLiterals {

    /** A literal's text as written between the quotes (escapes not decoded) and the line it starts on. */
    record Literal(String text, int line) {
    }

    private final String source;
    private final List<Literal> found = new ArrayList<>();
    private int pos;
    private int line = 1;

    private JavaStringLiterals(String source) {
        this.source = source;
    }

    static List<Literal> in(String source) {
        JavaStringLiterals scanner = new JavaStringLiterals(source);
        scanner.scan();
        return scanner.found;
    }

    private void scan() {
        while (pos < source.length()) {
            if (source.startsWith("//", pos)) {
                skipUntil("\n");
            } else if (source.startsWith("/*", pos)) {
                advance(2);
                skipUntil("*/");
            } else if (source.startsWith("\"\"\"", pos)) {
                advance(3);
                skipUntil("\"\"\"");
            } else if (source.charAt(pos) == '"') {
                readStringLiteral();
            } else if (source.charAt(pos) == '\'') {
                advance(1);
                skipUntil("'");
            } else {
                advance(1);
            }
        }
    }

    private void readStringLiteral() {
        int startLine = line;
        advance(1);
        StringBuilder text = new StringBuilder();
        while (pos < source.length() && source.charAt(pos) != '"' && source.charAt(pos) != '\n') {
            int length = source.charAt(pos) == '\\' ? Math.min(2, source.length() - pos) : 1;
            text.append(source, pos, pos + length);
            advance(length);
        }
        advance(1);
        found.add(new Literal(text.toString(), startLine));
    }

    /** Moves past the next unescaped {@code end}, or to the end of the source. */
    private void skipUntil(String end) {
        while (pos < source.length() && !source.startsWith(end, pos)) {
            advance(source.charAt(pos) == '\\' && !end.equals("*/") && !end.equals("\n") ? 2 : 1);
        }
        advance(end.length());
    }

    private void advance(int count) {
        int end = Math.min(source.length(), pos + count);
        for (; pos < end; pos++) {
            if (source.charAt(pos) == '\n') {
                line++;
            }
        }
    }
}

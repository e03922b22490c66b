package io.taskrunner.agent.task.javascript;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL with named parameters ({@code :name}) turned into JDBC's {@code ?}, so values are always bound, never
 * pasted into the text. A {@code :name} inside a string, quoted identifier, comment or PostgreSQL dollar quote
 * stays as it is, and so does a {@code ::} cast.
 *
 * @param sql   the statement with {@code ?} for each parameter
 * @param names the parameter names in the order of the {@code ?}; a name used twice appears twice
 */
record JsSqlParameters(String sql, List<String> names) {

    JsSqlParameters {
        names = List.copyOf(names);
    }

    static JsSqlParameters parse(String text) {
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int end;
            if (c == '\'' || c == '"' || c == '`') {
                end = quotedEnd(text, i, c);
            } else if (text.startsWith("--", i)) {
                int lineEnd = text.indexOf('\n', i);
                end = lineEnd < 0 ? text.length() : lineEnd;
            } else if (text.startsWith("/*", i)) {
                int commentEnd = text.indexOf("*/", i + 2);
                end = commentEnd < 0 ? text.length() : commentEnd + 2;
            } else if (c == '$') {
                end = dollarQuotedEnd(text, i);
            } else if (text.startsWith("::", i)) {
                end = i + 2;
            } else if (c == ':' && i + 1 < text.length() && isNameStart(text.charAt(i + 1))
                    && (i == 0 || !isNamePart(text.charAt(i - 1)))) {
                end = i + 2;
                while (end < text.length() && isNamePart(text.charAt(end))) {
                    end++;
                }
                names.add(text.substring(i + 1, end));
                sql.append('?');
                i = end;
                continue;
            } else {
                end = i + 1;
            }
            sql.append(text, i, end);
            i = end;
        }
        return new JsSqlParameters(sql.toString(), names);
    }

    /** The end of a quoted part; a doubled quote inside is an escaped one. Unclosed runs to the end. */
    private static int quotedEnd(String text, int start, char quote) {
        int i = start + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return text.length();
    }

    /** The end of a PostgreSQL {@code $tag$...$tag$} string, or just past the {@code $} when none starts here. */
    private static int dollarQuotedEnd(String text, int start) {
        if (start > 0 && isNamePart(text.charAt(start - 1))) {
            return start + 1;  // a $ inside a name
        }
        int tagEnd = start + 1;
        if (tagEnd < text.length() && isNameStart(text.charAt(tagEnd))) {
            while (tagEnd < text.length() && isNamePart(text.charAt(tagEnd))) {
                tagEnd++;
            }
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            return start + 1;  // a positional $1 or a lone $
        }
        String tag = text.substring(start, tagEnd + 1);
        int close = text.indexOf(tag, tagEnd + 1);
        return close < 0 ? text.length() : close + tag.length();
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}

package io.taskrunner.protocol.definition;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.ConditionToken.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a condition into tokens in one pass; every loop is bounded by the text, which the caller has capped. */
final class ConditionTokenizer {
    static final int MAX_TOKENS = 200;
    static final int MAX_NAME_CHARS = 64;
    static final int MAX_DIGITS = 100;
    static final int MAX_EXPONENT = 1000;

    private static final Map<String, Kind> KEYWORDS = Map.of("and", Kind.AND, "or", Kind.OR, "not", Kind.NOT,
            "true", Kind.TRUE, "false", Kind.FALSE, "null", Kind.NULL);

    private final String text;
    private final String field;
    private final List<ConditionToken> tokens = new ArrayList<>();
    private int at;

    private ConditionTokenizer(String text, String field) {
        this.text = text;
        this.field = field;
    }

    /** The tokens of {@code text}, ending with an {@link Kind#END} token. */
    static List<ConditionToken> tokenize(String text, String field) {
        ConditionTokenizer tokenizer = new ConditionTokenizer(text, field);
        tokenizer.run();
        return List.copyOf(tokenizer.tokens);
    }

    private void run() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
                continue;
            }
            if (tokens.size() == MAX_TOKENS) {
                throw error(at, "has more than " + MAX_TOKENS + " tokens");
            }
            int start = at;
            switch (c) {
                case '(' -> symbol(Kind.OPEN, 1);
                case ')' -> symbol(Kind.CLOSE, 1);
                case ',' -> symbol(Kind.COMMA, 1);
                case '<' -> symbol(next('=') ? Kind.LE : Kind.LT, next('=') ? 2 : 1);
                case '>' -> symbol(next('=') ? Kind.GE : Kind.GT, next('=') ? 2 : 1);
                case '!' -> symbol(next('=') ? Kind.NE : Kind.NOT, next('=') ? 2 : 1);
                case '=' -> symbol(Kind.EQ, doubled("a single '=' does not compare; use '=='"));
                case '&' -> symbol(Kind.AND, doubled("expected '&&'"));
                case '|' -> symbol(Kind.OR, doubled("expected '||'"));
                case '\'', '"' -> string(c);
                default -> {
                    if (c == '-' || isDigit(c)) {
                        number();
                    } else if (isNameStart(c)) {
                        word();
                    } else {
                        throw error(start, "unexpected character " + shown(text.codePointAt(start)));
                    }
                }
            }
        }
        tokens.add(new ConditionToken(Kind.END, "", null, text.length() + 1));
    }

    private boolean next(char expected) {
        return at + 1 < text.length() && text.charAt(at + 1) == expected;
    }

    private int doubled(String otherwise) {
        if (!next(text.charAt(at))) {
            throw error(at, otherwise);
        }
        return 2;
    }

    private void symbol(Kind kind, int length) {
        add(kind, at, at + length, null);
    }

    private void add(Kind kind, int start, int end, Object value) {
        tokens.add(new ConditionToken(kind, text.substring(start, end), value, start + 1));
        at = end;
    }

    private void word() {
        int start = at;
        int end = at;
        while (end < text.length() && isNamePart(text.charAt(end))) {
            end++;
        }
        String word = text.substring(start, end);
        if (word.length() > MAX_NAME_CHARS) {
            throw error(start, "a name has at most " + MAX_NAME_CHARS + " characters");
        }
        add(KEYWORDS.getOrDefault(word, Kind.NAME), start, end, null);
    }

    private void number() {
        int start = at;
        int end = at;
        if (text.charAt(end) == '-') {
            end++;
            if (!digitAt(end)) {
                throw error(end, "expected a digit after '-'");
            }
        }
        int digits = 0;
        for (; digitAt(end); end++) {
            digits++;
        }
        if (end < text.length() && text.charAt(end) == '.') {
            end++;
            if (!digitAt(end)) {
                throw error(end, "expected a digit after '.'");
            }
            for (; digitAt(end); end++) {
                digits++;
            }
        }
        if (digits > MAX_DIGITS) {
            throw error(start, "a number has at most " + MAX_DIGITS + " digits");
        }
        if (end < text.length() && (text.charAt(end) == 'e' || text.charAt(end) == 'E')) {
            end = exponent(start, end);
        }
        // the limits above keep BigDecimal small: at most 100 digits and a scale near ±1100
        add(Kind.NUMBER, start, end, new BigDecimal(text.substring(start, end)));
    }

    /** Checks the exponent starting at the 'e' of the number at {@code start} and returns where it ends. */
    private int exponent(int start, int e) {
        int end = e + 1;
        if (end < text.length() && (text.charAt(end) == '+' || text.charAt(end) == '-')) {
            end++;
        }
        if (!digitAt(end)) {
            throw error(end, "expected a digit in the exponent");
        }
        while (end < text.length() && text.charAt(end) == '0') {
            end++;
        }
        int first = end;
        while (digitAt(end)) {
            end++;
        }
        // leading zeros skipped, so more than four digits is beyond the limit without parsing an overflow
        if (end - first > 4 || end > first && Integer.parseInt(text, first, end, 10) > MAX_EXPONENT) {
            throw error(start, "the exponent must be between -" + MAX_EXPONENT + " and " + MAX_EXPONENT);
        }
        return end;
    }

    private void string(char quote) {
        int start = at;
        StringBuilder value = new StringBuilder();
        int i = at + 1;
        while (true) {
            if (i >= text.length()) {
                throw error(start, "the string is not closed; expected a closing " + quote);
            }
            char c = text.charAt(i);
            if (c == quote) {
                break;
            }
            if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw error(start, "the string is not closed; expected a closing " + quote);
                }
                char escaped = text.charAt(i + 1);
                if (escaped != '\\' && escaped != '\'' && escaped != '"') {
                    throw error(i, "unknown escape " + shown(escaped) + " after '\\'; only \\\\, \\' and \\\" "
                            + "may follow a backslash");
                }
                value.append(escaped);
                i += 2;
            } else {
                value.append(c);
                i++;
            }
        }
        add(Kind.STRING, start, i + 1, value.toString());
    }

    private boolean digitAt(int index) {
        return index < text.length() && isDigit(text.charAt(index));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }

    /** Printable ASCII as itself, anything else (controls, lookalike letters) by its code point. */
    private static String shown(int codePoint) {
        return codePoint > 0x20 && codePoint < 0x7f ? "'" + (char) codePoint + "'"
                : String.format("U+%04X", codePoint);
    }

    private ProtocolException error(int index, String message) {
        return new ProtocolException(field, "at " + (index + 1) + ": " + message);
    }
}

package io.taskrunner.agent.field.serial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One frame a serial device sent, without its delimiter.
 *
 * @param bytes  the frame as received
 * @param text   the bytes decoded with the spec's character set
 * @param values the pattern's named groups that took part in the match, in pattern order: a {@code Long} or
 *               {@code Double} where the text is a number (see {@link FrameValues}), else the text; empty without a
 *               pattern
 */
public record SerialFrame(byte[] bytes, String text, Map<String, Object> values) {
    private static final int PRINTABLE_MAX = 200;

    public SerialFrame {
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
        Objects.requireNonNull(text, "text");
        // Map.copyOf would lose the pattern order
        values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The text fit for a log line or an error: control characters escaped, at most 200 characters. */
    public String printable() {
        return printable(text);
    }

    /** {@code text} with control characters escaped ({@code \r}, {@code \x03}), cut at 200 characters. */
    public static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), PRINTABLE_MAX) + 8);
        for (int i = 0; i < text.length() && out.length() < PRINTABLE_MAX; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.length() >= PRINTABLE_MAX ? out + "..." : out.toString();
    }
}

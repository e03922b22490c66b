package io.taskrunner.agent.field.serial;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a frame's text into named values through a pattern's named groups. A group's text becomes a number when it
 * is one: {@code +0012.34} is {@code 12.34} (a {@code Double}), {@code -5} is {@code -5} (a {@code Long}); spaces
 * around it are ignored. An unsigned whole number written with a leading zero ({@code 007}, {@code 000123}) stays
 * text: devices send such codes (article numbers, barcodes) whose zeros matter, while a quantity padded with zeros
 * carries a sign or a decimal point ({@code +0012}, {@code 0012.5}).
 */
public final class FrameValues {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:(\\d+)(\\.\\d*)?|\\.\\d+)");

    private FrameValues() {
    }

    /**
     * The named groups of the first match of {@code pattern} in {@code text} ({@link Matcher#find()}: anchor the
     * pattern to match the whole frame), in pattern order; groups that took no part are left out.
     *
     * @return {@code null} when the text does not match
     */
    public static Map<String, Object> match(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        pattern.namedGroups().entrySet().stream()
                .sorted(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .forEach(group -> {
                    String value = matcher.group(group.getValue());
                    if (value != null) {
                        values.put(group.getKey(), typed(value));
                    }
                });
        return values;
    }

    /** A {@code Long} or {@code Double} when {@code text} is a number (see the class comment), else the text. */
    public static Object typed(String text) {
        String candidate = text.strip();
        Matcher number = NUMBER.matcher(candidate);
        if (!number.matches()) {
            return text;
        }
        String digits = number.group(1);
        boolean signed = candidate.startsWith("+") || candidate.startsWith("-");
        if (digits != null && number.group(2) == null) {
            if (!signed && digits.length() > 1 && digits.startsWith("0")) {
                return text;
            }
            try {
                return Long.parseLong(candidate);
            } catch (NumberFormatException e) {
                // more digits than a long holds: a code rather than a quantity
                return text;
            }
        }
        return Double.parseDouble(candidate);
    }
}

package io.taskrunner.protocol;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Argument checks for message records; each failure names the field. */
public final class Check {
    private Check() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new ProtocolException(field, "is required");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new ProtocolException(field, "must not be blank");
        }
        return value;
    }

    public static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new ProtocolException(field, "is longer than " + max + " characters");
        }
        return value;
    }

    public static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new ProtocolException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static double range(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new ProtocolException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    public static <C extends Collection<?>> C maxSize(C value, int max, String field) {
        if (value != null && value.size() > max) {
            throw new ProtocolException(field, "has more than " + max + " entries");
        }
        return value;
    }

    public static <M extends Map<?, ?>> M maxSize(M value, int max, String field) {
        if (value != null && value.size() > max) {
            throw new ProtocolException(field, "has more than " + max + " entries");
        }
        return value;
    }

    /**
     * An unmodifiable copy of at most {@code max} elements, empty for {@code null}. A {@code null} element is
     * refused naming its index ({@code field[i]}); {@link List#copyOf} would throw an anonymous NPE instead.
     */
    public static <T> List<T> listOf(List<T> value, int max, String field) {
        if (value == null) {
            return List.of();
        }
        maxSize(value, max, field);
        for (int i = 0; i < value.size(); i++) {
            required(value.get(i), field + "[" + i + "]");
        }
        return List.copyOf(value);
    }

    /** An unmodifiable copy of at most {@code max} entries, empty for {@code null}; a null value is refused by key. */
    public static <V> Map<String, V> mapOf(Map<String, V> value, int max, String field) {
        if (value == null) {
            return Map.of();
        }
        maxSize(value, max, field);
        value.forEach((key, entry) -> required(entry, field + "." + key));
        return Map.copyOf(value);
    }
}

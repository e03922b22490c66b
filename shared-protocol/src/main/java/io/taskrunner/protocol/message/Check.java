package io.taskrunner.protocol.message;

import io.taskrunner.protocol.ProtocolException;
import java.util.Collection;
import java.util.Map;

/** Argument checks for message records; each failure names the field. */
final class Check {
    private Check() {
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new ProtocolException(field, "is required");
        }
        return value;
    }

    static String notBlank(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new ProtocolException(field, "must not be blank");
        }
        return value;
    }

    static String maxLength(String value, int max, String field) {
        if (value != null && value.length() > max) {
            throw new ProtocolException(field, "is longer than " + max + " characters");
        }
        return value;
    }

    static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new ProtocolException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static double range(double value, double min, double max, String field) {
        if (Double.isNaN(value) || value < min || value > max) {
            throw new ProtocolException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static <C extends Collection<?>> C maxSize(C value, int max, String field) {
        if (value != null && value.size() > max) {
            throw new ProtocolException(field, "has more than " + max + " entries");
        }
        return value;
    }

    static <M extends Map<?, ?>> M maxSize(M value, int max, String field) {
        if (value != null && value.size() > max) {
            throw new ProtocolException(field, "has more than " + max + " entries");
        }
        return value;
    }
}

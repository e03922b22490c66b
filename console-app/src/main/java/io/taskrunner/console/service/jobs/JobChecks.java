package io.taskrunner.console.service.jobs;

/** Argument checks whose messages start with the field, as everywhere at the console's boundary. */
final class JobChecks {
    private JobChecks() {
    }

    static long range(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": is required");
        }
        return value;
    }
}

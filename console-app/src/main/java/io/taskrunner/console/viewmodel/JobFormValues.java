package io.taskrunner.console.viewmodel;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Values typed into the new-job form, read with messages that name the {@code JobSpec} field, like the spec's
 * own checks, so every problem reads the same.
 */
final class JobFormValues {
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private JobFormValues() {
    }

    /** A whole number; {@code blank} when nothing is typed. */
    static int whole(String text, int blank, String field) {
        String value = FormNumbers.trimmed(text);
        if (value == null) {
            return blank;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a whole number");
        }
    }

    /** A decimal number ({@code 1,5} read as {@code 1.5}); {@code blank} when nothing is typed. */
    static double decimal(String text, double blank, String field) {
        String value = FormNumbers.trimmed(text);
        if (value == null) {
            return blank;
        }
        try {
            return Double.parseDouble(value.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a number");
        }
    }

    /** A local date and time like {@code 2025-03-01 22:00} in {@code zone}; null when nothing is typed. */
    static Instant instant(String text, ZoneId zone, String field) {
        String value = FormNumbers.trimmed(text);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, DATE_TIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + value + "' is not a date and time like 2025-03-01 22:00");
        }
    }

    static ZoneId zone(String text) {
        String value = FormNumbers.trimmed(text);
        if (value == null) {
            throw new IllegalArgumentException("zone: is required (e.g. Asia/Shanghai, UTC)");
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("zone: unknown time zone '" + value + "' (e.g. Asia/Shanghai, UTC)");
        }
    }
}

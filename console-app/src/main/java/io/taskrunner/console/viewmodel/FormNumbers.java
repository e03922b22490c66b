package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;

/** Numbers typed into the Field devices forms, read the way the wire contract expects them. */
final class FormNumbers {
    private FormNumbers() {
    }

    /** A whole number; 0 (the contract's "default") when blank. */
    static int whole(String text, String field) {
        String value = trimmed(text);
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ProtocolException(field, "'" + value + "' is not a whole number");
        }
    }

    /** A whole number that must be given. */
    static int requiredWhole(String text, String field) {
        if (trimmed(text) == null) {
            throw new ProtocolException(field, "is required");
        }
        return whole(text, field);
    }

    /** A whole number, or {@code null} when blank. */
    static Integer optionalWhole(String text, String field) {
        return trimmed(text) == null ? null : whole(text, field);
    }

    /** A decimal number ({@code 0,1} read as {@code 0.1}), or {@code null} when blank. */
    static Double decimal(String text, String field) {
        String value = trimmed(text);
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value.replace(',', '.'));
        } catch (NumberFormatException e) {
            throw new ProtocolException(field, "'" + value + "' is not a number");
        }
    }

    /** The text without surrounding blanks, or {@code null} when there is nothing else. */
    static String trimmed(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

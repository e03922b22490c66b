package io.taskrunner.protocol.definition.schedule;

import io.taskrunner.protocol.ProtocolException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A point in time as a schedule names it: a local date-time in the schedule's zone ({@code 2026-12-01T08:00}), an
 * instant with an offset ({@code 2026-12-01T08:00:00+01:00} or {@code ...Z}), or for start and end dates a bare
 * date ({@code 2026-12-01}: from the start of that day for a start, up to the end of that day for an end).
 */
final class ScheduleMoment {
    private ScheduleMoment() {
    }

    /** Checks {@code value} (null passes) and says what is wrong naming {@code field}. */
    static void check(String value, boolean dateAllowed, String field) {
        if (value == null) {
            return;
        }
        if (parseOffset(value).isPresent() || parseLocal(value).isPresent()
                || (dateAllowed && parseDate(value).isPresent())) {
            return;
        }
        throw new ProtocolException(field, "'" + value + "' is not " + (dateAllowed ? "a date like 2026-12-01, " : "")
                + "a local date-time like 2026-12-01T08:00 or an instant like 2026-12-01T08:00:00+01:00");
    }

    /** The local date-time the value names in its zone, or empty when it names an instant (with an offset). */
    static Optional<LocalDateTime> local(String value, boolean endOfDay) {
        Optional<LocalDateTime> local = parseLocal(value);
        if (local.isPresent()) {
            return local;
        }
        return parseDate(value).map(date -> endOfDay ? date.plusDays(1).atStartOfDay() : date.atStartOfDay());
    }

    /** The instant the value names when it carries an offset. */
    static Optional<java.time.Instant> instant(String value) {
        return parseOffset(value).map(OffsetDateTime::toInstant);
    }

    /** The instant of a start or end bound in {@code zone}; a bare end date includes its whole day. */
    static java.time.Instant bound(String value, ZoneId zone, boolean end) {
        return instant(value).orElseGet(() -> WallClock.earliest(local(value, end).orElseThrow(), zone));
    }

    private static Optional<OffsetDateTime> parseOffset(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDateTime> parseLocal(String value) {
        try {
            return Optional.of(LocalDateTime.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> parseDate(String value) {
        try {
            return Optional.of(LocalDate.parse(value));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

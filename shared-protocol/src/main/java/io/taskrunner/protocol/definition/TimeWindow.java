package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A weekly span of local time: maintenance windows and blackouts of schedules, quiet hours of alerts.
 * {@code from} and {@code to} are {@code HH:mm} (or {@code HH:mm:ss}); a window whose {@code to} is not after its
 * {@code from} runs over midnight and belongs to the day it starts on; {@code from == to} is the whole day.
 *
 * @param days the days the window starts on; empty or absent: every day
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TimeWindow(
        List<DayOfWeek> days,
        @JsonProperty(required = true) String from,
        @JsonProperty(required = true) String to) {

    public TimeWindow {
        days = Check.listOf(days, 7, "days");
        parse(from, "from");
        parse(to, "to");
    }

    @JsonIgnore
    public LocalTime start() {
        return LocalTime.parse(from);
    }

    @JsonIgnore
    public LocalTime end() {
        return LocalTime.parse(to);
    }

    /** Whether {@code time} (in the zone the caller means) lies inside this window: start inclusive, end exclusive. */
    public boolean contains(ZonedDateTime time) {
        LocalTime start = start();
        LocalTime end = end();
        LocalTime at = time.toLocalTime();
        DayOfWeek day = time.getDayOfWeek();
        if (start.equals(end)) {
            return startsOn(day);
        }
        if (start.isBefore(end)) {
            return startsOn(day) && !at.isBefore(start) && at.isBefore(end);
        }
        return (startsOn(day) && !at.isBefore(start)) || (startsOn(day.minus(1)) && at.isBefore(end));
    }

    /** Whether any of {@code windows} contains {@code time}. */
    public static boolean anyContains(List<TimeWindow> windows, ZonedDateTime time) {
        return windows.stream().anyMatch(window -> window.contains(time));
    }

    private boolean startsOn(DayOfWeek day) {
        return days.isEmpty() || days.contains(day);
    }

    @JsonIgnore
    public Set<DayOfWeek> daySet() {
        return days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }

    private static void parse(String value, String field) {
        Check.notBlank(value, field);
        try {
            LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProtocolException(field, "'" + value + "' is not a time of day like 07:30");
        }
    }
}

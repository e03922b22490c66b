package io.taskrunner.protocol.definition.schedule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fixed local times of day ({@code HH:mm} or {@code HH:mm:ss}), every day or on the given days (weekly).
 *
 * @param days the days it fires on; empty or absent: every day
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DailyTimes(
        @JsonProperty(required = true) List<String> times,
        List<DayOfWeek> days) {

    public DailyTimes {
        times = Check.listOf(times, 96, "times");
        if (times.isEmpty()) {
            throw new ProtocolException("times", "needs at least one time of day like 07:30");
        }
        for (int i = 0; i < times.size(); i++) {
            try {
                LocalTime.parse(times.get(i));
            } catch (DateTimeParseException e) {
                throw new ProtocolException("times[" + i + "]", "'" + times.get(i)
                        + "' is not a time of day like 07:30 or 07:30:15");
            }
        }
        days = Check.listOf(days, 7, "days");
    }

    /** The times of day, sorted, without repeats. */
    @JsonIgnore
    public List<LocalTime> localTimes() {
        Set<LocalTime> sorted = new TreeSet<>();
        times.forEach(time -> sorted.add(LocalTime.parse(time)));
        return List.copyOf(sorted);
    }

    @JsonIgnore
    public Set<DayOfWeek> daySet() {
        return days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
    }
}

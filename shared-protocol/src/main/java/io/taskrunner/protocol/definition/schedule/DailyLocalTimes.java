package io.taskrunner.protocol.definition.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The local times of a daily or weekly schedule. */
final class DailyLocalTimes implements LocalTimes {
    private final List<LocalTime> times;
    private final Set<DayOfWeek> days;

    DailyLocalTimes(DailyTimes daily) {
        this.times = daily.localTimes();
        this.days = daily.daySet();
    }

    @Override
    public Optional<LocalDateTime> nextAfter(LocalDateTime local) {
        LocalDate date = local.toLocalDate();
        for (int day = 0; day <= 7; day++, date = date.plusDays(1)) {
            if (!days.contains(date.getDayOfWeek())) {
                continue;
            }
            for (LocalTime time : times) {
                LocalDateTime candidate = date.atTime(time);
                if (candidate.isAfter(local)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean bothPassesOfOverlap() {
        return false;
    }
}

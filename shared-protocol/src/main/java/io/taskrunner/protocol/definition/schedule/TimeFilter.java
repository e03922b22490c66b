package io.taskrunner.protocol.definition.schedule;

import io.taskrunner.protocol.definition.TimeWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maintenance windows (fire only inside one of them) and blackouts (never inside any), in the schedule's zone.
 * Whether a time is allowed changes only at a window's start or end, so a search skips to the next such boundary
 * instead of visiting every fire time in between.
 */
final class TimeFilter {
    private final List<TimeWindow> windows;
    private final List<TimeWindow> blackouts;
    private final ZoneId zone;
    private final List<LocalTime> boundaries = new ArrayList<>();

    TimeFilter(List<TimeWindow> windows, List<TimeWindow> blackouts, ZoneId zone) {
        this.windows = windows;
        this.blackouts = blackouts;
        this.zone = zone;
        for (List<TimeWindow> list : List.of(windows, blackouts)) {
            for (TimeWindow window : list) {
                boundaries.add(window.start());
                boundaries.add(window.end());
            }
        }
    }

    boolean allows(Instant instant) {
        var local = instant.atZone(zone);
        return (windows.isEmpty() || TimeWindow.anyContains(windows, local))
                && !TimeWindow.anyContains(blackouts, local);
    }

    /** The first window start or end strictly after {@code instant} (within eight days), or empty. */
    Optional<Instant> nextBoundary(Instant instant) {
        LocalDate first = LocalDate.ofInstant(instant, zone).minusDays(1);
        Instant best = null;
        for (int day = 0; day <= 9; day++) {
            for (LocalTime time : boundaries) {
                for (Instant at : WallClock.instants(first.plusDays(day).atTime(time), zone, true)) {
                    if (at.isAfter(instant) && (best == null || at.isBefore(best))) {
                        best = at;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }
}

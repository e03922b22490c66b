package io.taskrunner.agent.alert;

import io.taskrunner.protocol.definition.TimeWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** When a rule's quiet hours hold its webhook and mail back, and when they end. */
final class QuietHours {
    /** Quiet hours are weekly, so any end lies within the next eight days. */
    private static final int DAYS_AHEAD = 8;

    private QuietHours() {
    }

    static boolean isQuiet(List<TimeWindow> windows, ZoneId zone, Instant now) {
        return !windows.isEmpty() && TimeWindow.anyContains(windows, now.atZone(zone));
    }

    /**
     * The first instant after {@code now} outside every window, or empty when the windows cover the whole week
     * (then nothing is ever held: quiet hours that never end would swallow every alert).
     */
    static Optional<Instant> end(List<TimeWindow> windows, ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return windows.stream()
                .flatMap(window -> java.util.stream.IntStream.rangeClosed(-1, DAYS_AHEAD)
                        .mapToObj(offset -> today.plusDays(offset).atTime(window.end()).atZone(zone)))
                .map(ZonedDateTime::toInstant)
                .filter(candidate -> candidate.isAfter(now))
                .sorted()
                .filter(candidate -> !TimeWindow.anyContains(windows, candidate.atZone(zone)))
                .findFirst();
    }
}

package io.taskrunner.protocol.definition.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The daylight-saving rules of the wall-clock kinds (cron, daily/weekly, once): which instants a local date-time
 * of a zone fires at.
 * <ul>
 *   <li>A local time that exists once fires at that instant.</li>
 *   <li>A local time in a spring-forward gap (02:30 on 29 March 2026 in Europe/Berlin, which jumps from 02:00 to
 *       03:00) fires once, at the instant the gap ends: 03:00 in the new offset. Several times of one gap (02:00,
 *       02:15, ... and 03:00 itself) are that same instant, so they fire once together.</li>
 *   <li>A local time in a fall-back overlap (02:30 on 25 October 2026 in Berlin happens at +02:00 and again at
 *       +01:00) fires at its first occurrence only, unless {@code bothInOverlap}: cron expressions whose hour
 *       field is {@code *} fire in both passes of the repeated hour, so "every 15 minutes" keeps firing every 15
 *       minutes of elapsed time through the night.</li>
 * </ul>
 */
final class WallClock {
    private WallClock() {
    }

    /** The instants {@code local} fires at in {@code zone}, in order (one, or two in an overlap). */
    static List<Instant> instants(LocalDateTime local, ZoneId zone, boolean bothInOverlap) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return List.of(local.toInstant(offsets.getFirst()));
        }
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (offsets.isEmpty()) {
            return List.of(transition.getInstant());
        }
        Instant first = local.toInstant(transition.getOffsetBefore());
        return bothInOverlap ? List.of(first, local.toInstant(transition.getOffsetAfter())) : List.of(first);
    }

    /** The first instant {@code local} fires at in {@code zone}: the end of a gap, the first pass of an overlap. */
    static Instant earliest(LocalDateTime local, ZoneId zone) {
        return instants(local, zone, false).getFirst();
    }
}

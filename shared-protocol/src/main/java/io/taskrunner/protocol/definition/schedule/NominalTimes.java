package io.taskrunner.protocol.definition.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/** The fire times of a schedule's kind alone, before splay, start/end and windows. */
interface NominalTimes {
    /** The first fire time strictly after {@code after}, or empty when there is none. */
    Optional<Instant> nextAfter(Instant after);

    /** Elapsed-time kinds: every period from an anchor, unaffected by daylight saving. */
    static NominalTimes interval(Instant anchor, java.time.Duration period) {
        return after -> {
            if (after.isBefore(anchor)) {
                return Optional.of(anchor);
            }
            long periods = java.time.Duration.between(anchor, after).dividedBy(period);
            return Optional.of(anchor.plus(period.multipliedBy(periods + 1)));
        };
    }

    /** One instant: {@code once}, or {@code afterStartSeconds} from the agent's start. */
    static NominalTimes single(Instant at) {
        return after -> at.isAfter(after) ? Optional.of(at) : Optional.empty();
    }

    /**
     * Wall-clock kinds: local times of {@code times} in {@code zone}, mapped by the rules of {@link WallClock}.
     * Local times are visited in order from a little before {@code after} (so the second pass of a fall-back hour is
     * not missed) until one's first instant is past the best found: first instants never decrease with local time.
     */
    static NominalTimes wallClock(LocalTimes times, ZoneId zone) {
        return after -> {
            LocalDateTime cursor = LocalDateTime.ofInstant(after, zone);
            ZoneOffsetTransition next = zone.getRules().nextTransition(after);
            if (next != null && next.isOverlap()
                    && !next.getInstant().minus(next.getDuration().abs()).isAfter(after)) {
                cursor = cursor.minus(next.getDuration().abs());
            }
            Instant best = null;
            for (int step = 0; step < 100_000; step++) {
                Optional<LocalDateTime> candidate = times.nextAfter(cursor);
                if (candidate.isEmpty()) {
                    break;
                }
                cursor = candidate.get();
                if (best != null && !WallClock.earliest(cursor, zone).isBefore(best)) {
                    break;
                }
                for (Instant instant : WallClock.instants(cursor, zone, times.bothPassesOfOverlap())) {
                    if (instant.isAfter(after) && (best == null || instant.isBefore(best))) {
                        best = instant;
                    }
                }
            }
            return Optional.ofNullable(best);
        };
    }
}

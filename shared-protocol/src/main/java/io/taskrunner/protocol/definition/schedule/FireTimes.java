package io.taskrunner.protocol.definition.schedule;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * The console's view of a schedule's fire times, e.g. for the schedule editor's preview. Without a seed the times
 * carry no splay (each agent adds its own offset in {@code [0, splaySeconds)}); {@code afterStartSeconds}
 * schedules have none, as they depend on when an agent starts.
 */
public final class FireTimes {
    public static final int MAX_COUNT = 1000;

    private FireTimes() {
    }

    /**
     * The next {@code count} fire times strictly after {@code from}, in the schedule's zone, or in
     * {@code defaultZone} when the schedule names none; fewer when the schedule ends.
     *
     * @throws IllegalArgumentException when {@code count} is not between 0 and {@value #MAX_COUNT}
     */
    public static List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, Instant from, int count,
            ZoneId defaultZone) {
        return nextFireTimes(schedule, from, count, defaultZone, null);
    }

    /** As {@link #nextFireTimes(ScheduleDefinition, Instant, int, ZoneId)}, with the splay of agent {@code agentId}. */
    public static List<ZonedDateTime> nextFireTimes(ScheduleDefinition schedule, Instant from, int count,
            ZoneId defaultZone, String agentId) {
        if (count < 0 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be between 0 and " + MAX_COUNT + ", was " + count);
        }
        ScheduleDefinition effective = agentId == null && schedule.splaySeconds() > 0
                ? withoutSplay(schedule) : schedule;
        ScheduleTimeline timeline = new ScheduleTimeline(effective, defaultZone, agentId == null ? "" : agentId, null);
        return timeline.next(from, count).stream().map(time -> time.atZone(timeline.zone())).toList();
    }

    private static ScheduleDefinition withoutSplay(ScheduleDefinition s) {
        return new ScheduleDefinition(s.name(), s.description(), s.task(), s.parameters(), s.cron(), s.every(),
                s.daily(), s.once(), s.afterStartSeconds(), s.zone(), s.startDate(), s.endDate(), 0, s.enabled(),
                s.windows(), s.blackouts(), s.misfire(), s.misfireLimit(), s.overlap());
    }
}

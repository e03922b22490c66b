package io.taskrunner.agent.scheduler;

import io.taskrunner.protocol.definition.schedule.ScheduleDefinition;
import io.taskrunner.protocol.definition.schedule.ScheduleTimeline;
import io.taskrunner.protocol.message.ScheduleOutcome;
import java.time.Instant;

/** One schedule inside the scheduler: its definition and fire times, how far it got, its runs. Guarded by the lock. */
final class ScheduleState {
    final ScheduleDefinition definition;
    final ScheduleTimeline timeline;
    final String fingerprint;
    final RunTracker runs;
    /** The last fire time acted on; fire times after it are still to come (or missed). */
    Instant handledUntil;
    /** The first fire time after {@link #handledUntil}, or {@code null}: disabled or no more fire times. */
    Instant nextFire;
    Instant lastScheduledAt;
    Instant lastFiredAt;
    ScheduleOutcome lastOutcome;

    ScheduleState(ScheduleDefinition definition, ScheduleTimeline timeline, String fingerprint, RunTracker runs,
            Instant handledUntil) {
        this.definition = definition;
        this.timeline = timeline;
        this.fingerprint = fingerprint;
        this.runs = runs;
        moveTo(handledUntil);
    }

    String name() {
        return definition.name();
    }

    /** Marks every fire time up to {@code handled} as acted on and finds the next one. */
    void moveTo(Instant handled) {
        handledUntil = handled;
        nextFire = definition.isEnabled() ? timeline.nextAfter(handled).orElse(null) : null;
    }

    void remember(Instant scheduledAt, Instant firedAt, ScheduleOutcome outcome) {
        lastScheduledAt = scheduledAt;
        lastFiredAt = firedAt;
        lastOutcome = outcome;
    }

    ScheduleMemory memory() {
        return new ScheduleMemory(fingerprint, handledUntil.toEpochMilli(), millis(lastScheduledAt),
                millis(lastFiredAt), lastOutcome);
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}

package io.taskrunner.agent.scheduler;

import io.taskrunner.protocol.message.ScheduleOutcome;
import java.time.Instant;
import java.util.List;

/**
 * One schedule as the agent runs it, for the status page and reports.
 *
 * @param next            the next fire times (empty when disabled or finished)
 * @param lastScheduledAt the fire time last acted on, or {@code null} when none yet
 * @param lastFiredAt     when the agent acted on it, or {@code null}
 * @param lastOutcome     what that firing did, or {@code null}
 * @param running         runs of this schedule not finished yet
 */
public record ScheduleStatus(
        String name,
        String task,
        boolean enabled,
        List<Instant> next,
        Instant lastScheduledAt,
        Instant lastFiredAt,
        ScheduleOutcome lastOutcome,
        int running) {
}

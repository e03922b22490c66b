package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import java.util.List;
import java.util.UUID;

/**
 * A schedule fired (or a fire time was dropped) on the agent.
 *
 * @param scheduledAt epoch ms of the fire time (splay included); for {@code missed}, the latest dropped one
 * @param firedAt     epoch ms when the agent acted on it
 * @param runId       the run submitted, for {@code started} and {@code queued}
 * @param missed      how many fire times this event stands for that did not run (misfires); 0 for a normal firing
 * @param error       why the run was rejected
 * @param next        epoch ms of the schedule's next fire times (at most 10), for the console's views
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleFired(
        @JsonProperty(required = true) String schedule,
        @JsonProperty(required = true) long scheduledAt,
        @JsonProperty(required = true) long firedAt,
        @JsonProperty(required = true) ScheduleOutcome outcome,
        UUID runId,
        int missed,
        String error,
        List<Long> next) implements MessageBody {

    public static final int MAX_NEXT = 10;

    public ScheduleFired {
        Check.maxLength(Check.notBlank(schedule, "schedule"), 256, "schedule");
        Check.range(scheduledAt, 0, Long.MAX_VALUE, "scheduledAt");
        Check.range(firedAt, 0, Long.MAX_VALUE, "firedAt");
        Check.required(outcome, "outcome");
        Check.range(missed, 0, Integer.MAX_VALUE, "missed");
        Check.maxLength(error, 4096, "error");
        next = Check.listOf(next, MAX_NEXT, "next");
    }
}

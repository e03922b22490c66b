package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a schedule's firing did. */
public enum ScheduleOutcome {
    /** A run was submitted ({@code runId}); it may still wait in its channel. */
    STARTED,
    /** The previous run still goes and the overlap policy is {@code queue}: a run follows when it finishes. */
    QUEUED,
    /** The previous run still goes (policy {@code skip}, or a run is already queued): nothing was started. */
    SKIPPED_OVERLAP,
    /** Fire times passed while the agent was down or asleep and the misfire policy dropped them. */
    MISSED,
    /** The agent refused the run (unknown or disabled task, invalid parameters); {@code error} says why. */
    REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

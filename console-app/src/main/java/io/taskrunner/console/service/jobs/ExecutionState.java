package io.taskrunner.console.service.jobs;

import java.util.Locale;

/**
 * Where one agent's execution of a job is. {@code queued}: not sent yet; {@code sent}: the run-task command left
 * (the agent may have queued the run); {@code in_progress}: the run started; the rest are final. {@code removed}:
 * the agent stopped matching a continuous job's targets before its execution was sent.
 */
public enum ExecutionState {
    QUEUED, SENT, IN_PROGRESS, SUCCEEDED, FAILED, TIMED_OUT, REJECTED, CANCELLED, REMOVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ExecutionState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    public boolean isFinal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }

    /** Failed, timed out or rejected: what the abort rule counts against a job. */
    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT || this == REJECTED;
    }
}

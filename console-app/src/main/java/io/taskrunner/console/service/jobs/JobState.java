package io.taskrunner.console.service.jobs;

import java.util.Locale;

/** Where a job is: waiting for its start time, rolling out, or over. */
public enum JobState {
    SCHEDULED, IN_PROGRESS, COMPLETED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}

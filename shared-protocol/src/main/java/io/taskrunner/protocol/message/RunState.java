package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is; from {@code succeeded} on the states are final. {@code interrupted}: the agent stopped or died mid-run. */
public enum RunState {
    PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED, INTERRUPTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }
}

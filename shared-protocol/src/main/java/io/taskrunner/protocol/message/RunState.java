package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a run is; the last five are final. */
public enum RunState {
    PENDING, QUEUED, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return ordinal() >= SUCCEEDED.ordinal();
    }
}

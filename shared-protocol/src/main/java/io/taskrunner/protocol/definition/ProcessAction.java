package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@code process} task does. */
public enum ProcessAction {
    /** Start a program; detached it outlives the run, supervised the run lasts as long as the program. */
    START,
    /** Ask matching programs to end (SIGTERM / WM_CLOSE), then kill what is left after the grace period. */
    STOP,
    /** Kill matching programs and their child processes at once. */
    KILL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

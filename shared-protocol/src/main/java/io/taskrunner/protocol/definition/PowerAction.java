package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a {@code power} task does to the PC. */
public enum PowerAction {
    RESTART, SHUTDOWN, LOGOFF, CANCEL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

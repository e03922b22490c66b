package io.taskrunner.protocol.message;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Which pipe of the process a piece of output came from. */
public enum OutputStreamName {
    STDOUT, STDERR;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

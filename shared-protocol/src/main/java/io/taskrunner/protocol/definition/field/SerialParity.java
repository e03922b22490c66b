package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The parity bit of a serial frame. */
public enum SerialParity {
    NONE, EVEN, ODD, MARK, SPACE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

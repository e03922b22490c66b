package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Locale;

/** The declared type of a task parameter. */
public enum ParameterType {
    STRING, INT, NUMBER, BOOL, ENUM, FILE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a wire name; a {@link ProtocolException} for an unknown one names no field: its reader does. */
    @JsonCreator
    public static ParameterType fromWire(String wire) {
        for (ParameterType type : values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        throw new ProtocolException(null, "unknown parameter type '" + wire
                + "'; known types: string, int, number, bool, enum, file");
    }
}

package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What kind of work a task does; each type has its own executor on the agent and its own spec record. */
public enum TaskType {
    COMMAND, SHELL, POWERSHELL, PYTHON, PASCAL, JAVASCRIPT, SQL, HTTP, PROCESS, OPEN_URL, POWER, MQTT_PUBLISH,
    DB_BACKUP, MODBUS_READ, MODBUS_WRITE, SERIAL_READ, SERIAL_WRITE;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The type of a wire name; a {@link ProtocolException} for an unknown one names no field: its reader does. */
    @JsonCreator
    public static TaskType fromWire(String wire) {
        for (TaskType type : values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        throw new ProtocolException(null, "unknown task type '" + wire + "'; known types: "
                + Arrays.stream(values()).map(TaskType::wire).collect(Collectors.joining(", ")));
    }
}

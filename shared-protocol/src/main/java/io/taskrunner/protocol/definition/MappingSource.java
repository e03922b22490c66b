package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a trigger rule takes a parameter's value from. */
public enum MappingSource {
    /** A member of a JSON payload, by JSON pointer ({@code /temperature}, {@code /readings/0/value}). */
    JSON("json"),
    /** The whole payload as UTF-8 text. */
    TEXT("text"),
    /** A group of a regular expression matched against the payload text. */
    REGEX("regex"),
    /** One level of the topic the message came on (0 is the first). */
    TOPIC("topic"),
    /** The raw payload saved as a file under the agent's data folder; the value is the file's path. */
    FILE("file");

    private final String wire;

    MappingSource(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static MappingSource fromWire(String value) {
        for (MappingSource source : values()) {
            if (source.wire.equals(value == null ? null : value.toLowerCase(Locale.ROOT))) {
                return source;
            }
        }
        throw new ProtocolException("from", "'" + value + "' is not a mapping source; use one of "
                + Arrays.stream(values()).map(MappingSource::wire).collect(Collectors.joining(", ")));
    }
}

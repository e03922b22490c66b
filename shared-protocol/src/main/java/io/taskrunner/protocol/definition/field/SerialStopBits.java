package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;

/** Stop bits of a serial frame: {@code "1"}, {@code "1.5"} or {@code "2"} on the wire. */
public enum SerialStopBits {
    ONE("1"), ONE_AND_HALF("1.5"), TWO("2");

    private final String wire;

    SerialStopBits(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static SerialStopBits fromWire(String wire) {
        for (SerialStopBits bits : values()) {
            if (bits.wire.equals(wire)) {
                return bits;
            }
        }
        throw new ProtocolException(null, "must be \"1\", \"1.5\" or \"2\", was '" + wire + "'");
    }
}

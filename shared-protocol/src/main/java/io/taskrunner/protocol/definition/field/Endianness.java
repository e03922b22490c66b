package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;

/**
 * The order of the bytes in a register ({@code byteOrder}) or of the registers in a multi-register value
 * ({@code wordOrder}). Modbus itself is big-endian; many devices put the low word first ("word swapped").
 */
public enum Endianness {
    BIG, LITTLE;

    @JsonValue
    public String wire() {
        return this == BIG ? "big" : "little";
    }

    @JsonCreator
    public static Endianness fromWire(String wire) {
        return switch (wire) {
            case "big" -> BIG;
            case "little" -> LITTLE;
            default -> throw new ProtocolException(null, "must be 'big' or 'little', was '" + wire + "'");
        };
    }
}

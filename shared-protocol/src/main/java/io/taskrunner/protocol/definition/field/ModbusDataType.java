package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a value is laid out in Modbus registers. {@code bool} is one bit in a coil or discrete input, or a whole
 * register that is true when not zero; {@code string} takes {@code ceil(length / 2)} registers of 8-bit
 * characters.
 */
public enum ModbusDataType {
    BOOL(1, false), INT16(1, true), UINT16(1, true), INT32(2, true), UINT32(2, true), FLOAT32(2, true),
    FLOAT64(4, true), STRING(0, false);

    private final int registers;
    private final boolean numeric;

    ModbusDataType(int registers, boolean numeric) {
        this.registers = registers;
        this.numeric = numeric;
    }

    /** Registers one value takes; 0 for {@code string}, whose size is its length. */
    public int registers() {
        return registers;
    }

    /** Whether scale and offset apply. */
    public boolean numeric() {
        return numeric;
    }

    /** Whether the raw value is an integer, so a written value is rounded and range-checked. */
    public boolean integral() {
        return this == INT16 || this == UINT16 || this == INT32 || this == UINT32;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ModbusDataType fromWire(String wire) {
        for (ModbusDataType type : values()) {
            if (type.wire().equals(wire)) {
                return type;
            }
        }
        throw new ProtocolException(null, "unknown data type '" + wire + "'; known: "
                + Arrays.stream(values()).map(ModbusDataType::wire).collect(Collectors.joining(", ")));
    }
}

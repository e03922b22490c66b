package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.taskrunner.protocol.ProtocolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four Modbus data tables. Coils and discrete inputs hold bits; holding and input registers hold 16-bit
 * words. Only coils and holding registers can be written.
 */
public enum ModbusFunction {
    COILS(true, true, 2000),
    DISCRETE_INPUTS(true, false, 2000),
    HOLDING_REGISTERS(false, true, 125),
    INPUT_REGISTERS(false, false, 125);

    private final boolean bits;
    private final boolean writable;
    private final int maxPerRequest;

    ModbusFunction(boolean bits, boolean writable, int maxPerRequest) {
        this.bits = bits;
        this.writable = writable;
        this.maxPerRequest = maxPerRequest;
    }

    /** Whether the table holds single bits rather than 16-bit registers. */
    public boolean bits() {
        return bits;
    }

    public boolean writable() {
        return writable;
    }

    /** How many bits or registers one Modbus request may read (the protocol's own limit). */
    public int maxPerRequest() {
        return maxPerRequest;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static ModbusFunction fromWire(String wire) {
        for (ModbusFunction function : values()) {
            if (function.wire().equals(wire)) {
                return function;
            }
        }
        throw new ProtocolException(null, "unknown Modbus function '" + wire + "'; known: "
                + Arrays.stream(values()).map(ModbusFunction::wire).collect(Collectors.joining(", ")));
    }
}

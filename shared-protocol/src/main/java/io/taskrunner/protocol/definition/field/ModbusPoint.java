package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.regex.Pattern;

/**
 * One named entry of a register map: where a value lives and how to decode it. A read yields
 * {@code raw * scale + offset} for numeric types; {@code count > 1} yields a list of {@code count} consecutive values.
 *
 * @param address   the 0-based protocol address (register 40001 is holding register address 0)
 * @param dataType  {@code null}: {@code bool} for coils and discrete inputs, {@code uint16} for registers
 * @param count     values to read; 0 means 1
 * @param length    characters of a {@code string}; required for it, not allowed otherwise
 * @param byteOrder byte order inside each register; {@code null}: big
 * @param wordOrder register order of 32- and 64-bit values; {@code null}: big (high word first)
 * @param scale     {@code null}: 1
 * @param offset    {@code null}: 0
 * @param unit      shown beside the value, e.g. {@code °C}; not interpreted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModbusPoint(
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) ModbusFunction function,
        @JsonProperty(required = true) int address,
        ModbusDataType dataType,
        int count,
        int length,
        Endianness byteOrder,
        Endianness wordOrder,
        Double scale,
        Double offset,
        String unit) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_STRING = 240;

    public ModbusPoint {
        checkName(name, "name");
        Check.required(function, "function");
        Check.range(address, 0, 65535, "address");
        dataType = dataType == null ? (function.bits() ? ModbusDataType.BOOL : ModbusDataType.UINT16) : dataType;
        if (function.bits() && dataType != ModbusDataType.BOOL) {
            throw new ProtocolException("dataType", function.wire() + " hold single bits, so the type must be bool,"
                    + " was " + dataType.wire());
        }
        count = count == 0 ? 1 : count;
        Check.range(count, 1, function.maxPerRequest(), "count");
        if (dataType == ModbusDataType.STRING) {
            Check.range(length, 1, MAX_STRING, "length");
            if (count != 1) {
                throw new ProtocolException("count", "must be 1 for a string; use one point per string");
            }
        } else if (length != 0) {
            throw new ProtocolException("length", "applies to strings only, not to " + dataType.wire());
        }
        byteOrder = byteOrder == null ? Endianness.BIG : byteOrder;
        wordOrder = wordOrder == null ? Endianness.BIG : wordOrder;
        if (!dataType.numeric() && (scale != null && scale != 1.0 || offset != null && offset != 0.0)) {
            throw new ProtocolException(scale != null && scale != 1.0 ? "scale" : "offset",
                    "applies to numbers only, not to " + dataType.wire());
        }
        if (scale != null && (!Double.isFinite(scale) || scale == 0.0)) {
            throw new ProtocolException("scale", "must be a finite number other than 0, was " + scale);
        }
        if (offset != null && !Double.isFinite(offset)) {
            throw new ProtocolException("offset", "must be a finite number, was " + offset);
        }
        Check.maxLength(unit, 32, "unit");
        int span = span(function, dataType, count, length);
        if (span > function.maxPerRequest()) {
            throw new ProtocolException("count", "needs " + span + " registers; one Modbus request reads at most "
                    + function.maxPerRequest());
        }
        if (address + span > 65536) {
            throw new ProtocolException("address", "the point ends at " + (address + span - 1)
                    + ", past the last address 65535");
        }
    }

    /** A point with big-endian byte and word order and no scaling. */
    public static ModbusPoint of(String name, ModbusFunction function, int address, ModbusDataType dataType) {
        return new ModbusPoint(name, function, address, dataType, 0, 0, null, null, null, null, null);
    }

    /** How many bits or registers the point occupies. */
    @JsonIgnore
    public int span() {
        return span(function, dataType, count, length);
    }

    /** The scale to apply; 1 when none is set. */
    @JsonIgnore
    public double scaleOrOne() {
        return scale == null ? 1.0 : scale;
    }

    /** The offset to apply; 0 when none is set. */
    @JsonIgnore
    public double offsetOrZero() {
        return offset == null ? 0.0 : offset;
    }

    /** Whether reading the point yields numbers that were scaled or offset, so they are no longer integers. */
    @JsonIgnore
    public boolean scaled() {
        return scaleOrOne() != 1.0 || offsetOrZero() != 0.0;
    }

    private static int span(ModbusFunction function, ModbusDataType dataType, int count, int length) {
        if (function.bits()) {
            return count;
        }
        return dataType == ModbusDataType.STRING ? (length + 1) / 2 : dataType.registers() * count;
    }

    /** Checks a value name: it names a run result field, a SQL column and a condition variable. */
    public static String checkName(String name, String field) {
        Check.required(name, field);
        if (!NAME.matcher(name).matches()) {
            throw new ProtocolException(field, "'" + name + "' must start with a letter or _ and hold only letters,"
                    + " digits and _ (at most 64), so it can name a column and a condition value");
        }
        return name;
    }
}

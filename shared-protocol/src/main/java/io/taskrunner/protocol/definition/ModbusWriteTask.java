package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.util.List;

/**
 * Writes values to coils or holding registers of one Modbus slave. Each of {@code values} is a literal or one whole
 * {@code ${param}} placeholder; the agent converts it to the data type (a number is turned back into its raw
 * register value: {@code (value - offset) / scale}, rounded for integer types and refused when out of range), so a
 * parameter is a typed value, never spliced into a frame.
 *
 * @param function {@code coils} or {@code holding-registers}; {@code null}: holding registers
 * @param verify   read the values back after writing and fail when they differ
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ModbusWriteTask(
        String host,
        int port,
        Integer unitId,
        int timeoutMillis,
        SerialPortSettings serial,
        ModbusFunction function,
        @JsonProperty(required = true) int address,
        ModbusDataType dataType,
        int length,
        Endianness byteOrder,
        Endianness wordOrder,
        Double scale,
        Double offset,
        @JsonProperty(required = true) List<String> values,
        boolean verify) implements TaskSpec {

    public ModbusWriteTask {
        unitId = unitId == null ? 1 : unitId;
        ModbusEndpoint endpoint = new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
        host = endpoint.host();
        port = endpoint.port();
        timeoutMillis = endpoint.timeoutMillis();
        function = function == null ? ModbusFunction.HOLDING_REGISTERS : function;
        if (!function.writable()) {
            throw new ProtocolException("function", function.wire() + " are read-only; write coils or"
                    + " holding-registers");
        }
        values = Check.listOf(Check.required(values, "values"), 123, "values");
        if (values.isEmpty()) {
            throw new ProtocolException("values", "needs at least one value");
        }
        for (int i = 0; i < values.size(); i++) {
            Check.maxLength(Check.required(values.get(i), "values[" + i + "]"), 1024, "values[" + i + "]");
        }
        ModbusPoint layout = new ModbusPoint("written", function, address, dataType, values.size(), length,
                byteOrder, wordOrder, scale, offset, null);
        dataType = layout.dataType();
        byteOrder = layout.byteOrder();
        wordOrder = layout.wordOrder();
    }

    @JsonIgnore
    public ModbusEndpoint endpoint() {
        return new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
    }

    /** Where and how the values go, as a point named {@code written} with one entry per value. */
    @JsonIgnore
    public ModbusPoint layout() {
        return new ModbusPoint("written", function, address, dataType, values.size(), length, byteOrder, wordOrder,
                scale, offset, null);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.MODBUS_WRITE;
    }
}

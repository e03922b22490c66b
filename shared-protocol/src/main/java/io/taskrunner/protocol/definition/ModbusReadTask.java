package io.taskrunner.protocol.definition;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a register map from one Modbus slave. The run's result holds each point's decoded value under its name
 * ({@code {"values": {"temperature": 21.5, "running": true}}}); a point that failed fails the run and names it.
 *
 * @param host          Modbus TCP server; {@code null} when {@code serial} names an RTU line
 * @param port          0: 502
 * @param unitId        0-255; {@code null}: 1
 * @param timeoutMillis per request; 0: 3000
 * @param serial        Modbus RTU over this serial line instead of TCP
 * @param points        1 to 200 points, each read with as few requests as their addresses allow
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ModbusReadTask(
        String host,
        int port,
        Integer unitId,
        int timeoutMillis,
        SerialPortSettings serial,
        @JsonProperty(required = true) List<ModbusPoint> points) implements TaskSpec {

    public static final int MAX_POINTS = 200;

    public ModbusReadTask {
        unitId = unitId == null ? 1 : unitId;
        ModbusEndpoint endpoint = new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
        host = endpoint.host();
        port = endpoint.port();
        timeoutMillis = endpoint.timeoutMillis();
        points = checkPoints(points, "points");
    }

    /** Checks a register map: 1 to {@value #MAX_POINTS} points with unique names. */
    public static List<ModbusPoint> checkPoints(List<ModbusPoint> points, String field) {
        Check.required(points, field);
        points = Check.listOf(points, MAX_POINTS, field);
        if (points.isEmpty()) {
            throw new ProtocolException(field, "needs at least one point");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < points.size(); i++) {
            ModbusPoint point = Check.required(points.get(i), field + "[" + i + "]");
            if (!names.add(point.name())) {
                throw new ProtocolException(field + "[" + i + "].name", "'" + point.name() + "' is used twice");
            }
        }
        return points;
    }

    @JsonIgnore
    public ModbusEndpoint endpoint() {
        return new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
    }

    @Override
    @JsonIgnore
    public TaskType type() {
        return TaskType.MODBUS_READ;
    }
}

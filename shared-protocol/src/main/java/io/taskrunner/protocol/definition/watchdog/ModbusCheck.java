package io.taskrunner.protocol.definition.watchdog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.Condition;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import io.taskrunner.protocol.definition.field.SerialPortSettings;

/**
 * A Modbus value is readable and sane. The check fails when the read fails, when {@code healthy} (a condition over
 * the point's name, e.g. {@code pressure < 8.5}) does not hold, or when the value has not changed for
 * {@code frozenSeconds}: a PLC's heartbeat counter that stops counting means its program has stopped, even though
 * the PLC still answers.
 *
 * @param point         one value ({@code count} 1)
 * @param healthy       {@code null}: any value is healthy
 * @param frozenSeconds 0: a value that does not change is fine
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ModbusCheck(
        String host,
        int port,
        Integer unitId,
        int timeoutMillis,
        SerialPortSettings serial,
        @JsonProperty(required = true) ModbusPoint point,
        Condition healthy,
        long frozenSeconds) implements WatchdogCheck {

    public ModbusCheck {
        unitId = unitId == null ? 1 : unitId;
        ModbusEndpoint endpoint = new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
        host = endpoint.host();
        port = endpoint.port();
        timeoutMillis = endpoint.timeoutMillis();
        Check.required(point, "point");
        if (point.count() != 1) {
            throw new ProtocolException("point.count", "a check watches one value; was " + point.count());
        }
        if (healthy != null) {
            for (String read : healthy.names()) {
                if (!read.equals(point.name())) {
                    throw new ProtocolException("healthy", "reads '" + read + "'; it can read only the point, '"
                            + point.name() + "'");
                }
            }
        }
        Check.range(frozenSeconds, 0, 7L * 24 * 3600, "frozenSeconds");
    }

    @JsonIgnore
    public ModbusEndpoint endpoint() {
        return new ModbusEndpoint(host, port, unitId, timeoutMillis, serial);
    }
}

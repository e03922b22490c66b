package io.taskrunner.protocol.definition.field;

import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;

/**
 * One Modbus slave: a TCP server and unit id, or (with {@code serial}) a unit on an RTU line. Equal endpoints share
 * one connection on the agent.
 *
 * @param host          the TCP host; {@code null} for RTU
 * @param port          the TCP port; 0: 502
 * @param unitId        the slave (unit) id, 0-255 (0 is broadcast on RTU; many TCP servers ignore it)
 * @param timeoutMillis how long a request may take; 0: 3000
 * @param serial        the RTU line; {@code null} for TCP
 */
public record ModbusEndpoint(String host, int port, int unitId, int timeoutMillis, SerialPortSettings serial) {

    public ModbusEndpoint {
        host = host == null || host.isBlank() ? null : Check.maxLength(host.strip(), 253, "host");
        if (host == null && serial == null) {
            throw new ProtocolException("host", "is required for Modbus TCP; for Modbus RTU set serial instead");
        }
        if (host != null && serial != null) {
            throw new ProtocolException("serial", "is for Modbus RTU; leave it out when host names a TCP slave");
        }
        port = port == 0 ? 502 : port;
        Check.range(port, 1, 65535, "port");
        Check.range(unitId, 0, 255, "unitId");
        timeoutMillis = timeoutMillis == 0 ? 3000 : timeoutMillis;
        Check.range(timeoutMillis, 10, 60_000, "timeoutMillis");
    }

    /** Whether this is a Modbus RTU slave on a serial line. */
    public boolean rtu() {
        return serial != null;
    }

    /** How the slave is named in messages, e.g. {@code 10.0.0.5:502 unit 1}. */
    public String label() {
        return (rtu() ? serial.label() : host + ":" + port) + " unit " + unitId;
    }
}

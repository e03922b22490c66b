package io.taskrunner.agent.field;

import io.taskrunner.agent.executor.CancellationToken;
import io.taskrunner.agent.field.modbus.ModbusSlaves;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.protocol.definition.ModbusReadTask;
import io.taskrunner.protocol.definition.SerialReadTask;
import io.taskrunner.protocol.definition.TaskSpec;
import java.time.Clock;
import java.util.Map;

/**
 * The agent's one pool of Modbus connections and one registry of serial ports, shared by tasks, collectors and the
 * watchdog: sharing is what makes one port serve one user at a time and one slave use one connection. Modbus RTU
 * lines hold their ports in that same registry, so a serial task cannot open a port a Modbus master has open.
 */
public final class FieldDevices implements AutoCloseable {
    private final ModbusSlaves modbus;
    private final SerialPorts serial;

    public FieldDevices(Clock clock) {
        this.serial = new SerialPorts();
        this.modbus = new ModbusSlaves(clock, serial);
    }

    public ModbusSlaves modbus() {
        return modbus;
    }

    public SerialPorts serial() {
        return serial;
    }

    /**
     * Reads a {@code modbus-read} register map or one {@code serial-read} frame: its values by name.
     *
     * @throws FieldDeviceException when the device does not answer or answers wrongly
     */
    public Map<String, Object> poll(TaskSpec spec, CancellationToken cancel) {
        return switch (spec) {
            case ModbusReadTask map -> modbus.read(map.endpoint(), map.points());
            case SerialReadTask frame -> serial.read(frame, cancel).values();
            default -> throw new IllegalArgumentException("not a field-device read: " + spec.type().wire());
        };
    }

    @Override
    public void close() {
        try {
            modbus.close();
        } finally {
            serial.close();
        }
    }
}

package io.taskrunner.agent.field.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The agent's connections to Modbus slaves, shared by tasks, collectors and the watchdog. There is one TCP
 * connection per {@code host:port}, and one RTU master per serial line (the device its {@code serial} settings
 * resolve to, so a port named by link, name or USB identity is one line): endpoints that differ only in unit id or
 * timeout share it, because the unit id travels in each request and the timeout is set per request. Requests to one
 * server or line take turns (RTU is half-duplex); requests to different servers and lines never wait for each
 * other, so a dead or slow slave delays only the callers sharing its connection. Each call blocks its thread for at
 * most the endpoint's timeout per request (plus as long waiting for its turn); call it on a virtual thread.
 * Thread-safe.
 *
 * <p>An RTU master holds its port in the agent's {@link SerialPorts} while open (see {@link RtuLink}): serial
 * tasks on that port fail, saying it is in use by Modbus RTU.
 */
public final class ModbusSlaves implements AutoCloseable {
    /** Registers one write request (function 16) may carry. */
    static final int MAX_WRITE_REGISTERS = 123;
    /** Coils one write request (function 15) may carry. */
    static final int MAX_WRITE_COILS = 1968;
    private static final String RTU = "rtu ";

    private final Clock clock;
    private final SerialPorts serialPorts;
    private final boolean ownsSerialPorts;
    private final ConcurrentMap<String, SlaveConnection> connections = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Modbus connections whose RTU lines share {@code serialPorts} with the agent's serial tasks.
     *
     * @param clock       times the backoff between connect attempts
     * @param serialPorts the agent's serial ports; not closed by {@link #close()}
     */
    public ModbusSlaves(Clock clock, SerialPorts serialPorts) {
        this(clock, serialPorts, false);
    }

    /**
     * Modbus connections with a serial-port registry of their own, for uses without serial tasks (tools, tests).
     *
     * @param clock times the backoff between connect attempts
     */
    public ModbusSlaves(Clock clock) {
        this(clock, new SerialPorts(), true);
    }

    private ModbusSlaves(Clock clock, SerialPorts serialPorts, boolean ownsSerialPorts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.serialPorts = Objects.requireNonNull(serialPorts, "serialPorts");
        this.ownsSerialPorts = ownsSerialPorts;
    }

    /**
     * Reads every point, with as few requests as their addresses allow. Fails as a whole at the first request
     * that fails.
     *
     * @return each point's value ({@link ModbusCodec} types) under its name, in point order
     * @throws FieldDeviceException naming the slave and, for a failed request, its addresses and points
     */
    public Map<String, Object> read(ModbusEndpoint endpoint, List<ModbusPoint> points) throws FieldDeviceException {
        SlaveConnection connection = connection(endpoint);
        Map<String, Object> byName = new LinkedHashMap<>();
        for (ReadBlock block : ReadBlock.plan(points)) {
            int[] raw = connection.call(endpoint, block.label(), (master, unit) -> readBlock(master, unit, block));
            for (ModbusPoint point : block.points()) {
                byName.put(point.name(), ModbusCodec.decode(point, block.slice(raw, point)));
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        points.forEach(point -> ordered.put(point.name(), byName.get(point.name())));
        return ordered;
    }

    /**
     * Writes {@code values} (one per {@code layout.count()}, typed as {@link ModbusCodec#encode} takes them) with
     * one request: function 5 or 6 for a single coil or register, 15 or 16 for more.
     *
     * @throws FieldDeviceException when a value does not fit, the layout is not writable or too long for one
     *                              request, or the slave fails
     */
    public void write(ModbusEndpoint endpoint, ModbusPoint layout, List<Object> values) throws FieldDeviceException {
        if (!layout.function().writable()) {
            throw new FieldDeviceException("Modbus " + endpoint.label() + ": " + layout.function().wire()
                    + " are read-only");
        }
        int limit = layout.function().bits() ? MAX_WRITE_COILS : MAX_WRITE_REGISTERS;
        if (layout.span() > limit) {
            throw new FieldDeviceException("Modbus " + endpoint.label() + ": " + layout.span() + " "
                    + layout.function().wire() + " do not fit one write request (at most " + limit + ")");
        }
        int[] raw = ModbusCodec.encode(layout, values);
        SlaveConnection connection = connection(endpoint);
        String what = "writing " + layout.function().wire() + " " + layout.address()
                + (raw.length == 1 ? "" : "-" + (layout.address() + raw.length - 1));
        connection.call(endpoint, what, (master, unit) -> {
            writeBlock(master, unit, layout.function(), layout.address(), raw);
            return null;
        });
    }

    /** Closes every connection (releasing the serial ports of RTU lines); later calls fail. */
    @Override
    public void close() {
        closed = true;
        try {
            connections.values().forEach(SlaveConnection::close);
            connections.clear();
        } finally {
            if (ownsSerialPorts) {
                serialPorts.close();
            }
        }
    }

    private SlaveConnection connection(ModbusEndpoint endpoint) {
        if (closed) {
            throw new FieldDeviceException("Modbus " + endpoint.label()
                    + ": the agent is shutting down its Modbus connections");
        }
        if (endpoint.rtu()) {
            String path;
            try {
                path = serialPorts.resolve(endpoint.serial());
            } catch (FieldDeviceException e) {
                closeDeadLines();
                throw new FieldDeviceException("Modbus " + endpoint.label() + ": " + e.getMessage(), e);
            }
            String key = RTU + path;
            SlaveConnection line = connections.get(key);
            if (line == null) {
                // a device appeared under a new name, perhaps one that went away under its old name
                closeDeadLines();
                line = connections.computeIfAbsent(key, unused -> new SlaveConnection(
                        new RtuLink(path, serialPorts), clock));
            }
            return line;
        }
        String key = "tcp " + endpoint.host().toLowerCase(Locale.ROOT) + ":" + endpoint.port();
        return connections.computeIfAbsent(key, unused -> new SlaveConnection(
                new TcpLink(endpoint.host(), endpoint.port()), clock));
    }

    /** Closes the masters of RTU lines whose device went away, releasing their ports. */
    private void closeDeadLines() {
        connections.forEach((key, connection) -> {
            if (key.startsWith(RTU)) {
                connection.closeIfDead();
            }
        });
    }

    private static int[] readBlock(AbstractModbusMaster master, int unit, ReadBlock block)
            throws ModbusException {
        int[] raw = new int[block.count()];
        switch (block.function()) {
            case COILS, DISCRETE_INPUTS -> {
                BitVector bits = block.function() == ModbusFunction.COILS
                        ? master.readCoils(unit, block.address(), block.count())
                        : master.readInputDiscretes(unit, block.address(), block.count());
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = bits.getBit(i) ? 1 : 0;
                }
            }
            case HOLDING_REGISTERS, INPUT_REGISTERS -> {
                InputRegister[] registers = block.function() == ModbusFunction.HOLDING_REGISTERS
                        ? master.readMultipleRegisters(unit, block.address(), block.count())
                        : master.readInputRegisters(unit, block.address(), block.count());
                if (registers.length != raw.length) {
                    throw new ModbusIOException("the slave sent " + registers.length
                            + " registers instead of " + raw.length);
                }
                for (int i = 0; i < raw.length; i++) {
                    raw[i] = registers[i].toUnsignedShort();
                }
            }
        }
        return raw;
    }

    private static void writeBlock(AbstractModbusMaster master, int unit, ModbusFunction function, int address,
            int[] raw) throws ModbusException {
        if (function == ModbusFunction.COILS) {
            if (raw.length == 1) {
                master.writeCoil(unit, address, raw[0] != 0);
                return;
            }
            BitVector bits = new BitVector(raw.length);
            for (int i = 0; i < raw.length; i++) {
                bits.setBit(i, raw[i] != 0);
            }
            master.writeMultipleCoils(unit, address, bits);
            return;
        }
        if (raw.length == 1) {
            master.writeSingleRegister(unit, address, new SimpleRegister(raw[0]));
            return;
        }
        Register[] registers = new Register[raw.length];
        for (int i = 0; i < raw.length; i++) {
            registers[i] = new SimpleRegister(raw[i]);
        }
        master.writeMultipleRegisters(unit, address, registers);
    }
}

package io.taskrunner.agent.field.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.net.AbstractSerialConnection;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import io.taskrunner.agent.field.serial.PortHold;
import io.taskrunner.agent.field.serial.SerialPorts;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.SerialFlowControl;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus RTU line: one serial port (a resolved device path) and j2mod's serial master on it, shared by every unit
 * on the line. While the master is open the port is held in {@link SerialPorts}, so serial tasks cannot open it
 * too; closing the master releases it.
 *
 * <p>Unlike TCP, a unit that does not answer leaves the line usable (j2mod drains stale input before each request,
 * so a late answer is not taken for the next one), so the master is closed only when the port itself failed: the
 * adapter was unplugged or the pty vanished. The line settings are those of the endpoint that opened it; an
 * endpoint with other settings reopens it with its own.
 *
 * <p>Requests run on the line's own platform thread (named {@code modbus-rtu <path>}, alive while the port is open):
 * jSerialComm waits for an answer inside a native call, which would pin a virtual thread's carrier for up to the
 * whole timeout, so a few silent units could stall every virtual thread of the agent. A caller interrupted while
 * waiting (task timeout, cancel) gives up at once; its request still ends within its timeout, and the next one
 * waits for it on the line's thread.
 */
final class RtuLink implements MasterLink {
    private static final Logger LOG = LoggerFactory.getLogger(RtuLink.class);
    static final String HOLDER = "Modbus RTU";

    private final String path;
    private final SerialPorts ports;
    // guarded by the connection's turn
    private PortHold hold;
    private Wire wire;
    private ExecutorService worker;

    /** @param path the device, from {@link SerialPorts#resolve} */
    RtuLink(String path, SerialPorts ports) {
        this.path = path;
        this.ports = ports;
    }

    @Override
    public AbstractModbusMaster open(ModbusEndpoint endpoint) throws Exception {
        PortHold held = ports.hold(path, HOLDER, endpoint.timeoutMillis());
        ModbusSerialMaster master = null;
        try {
            master = new ModbusSerialMaster(parameters(endpoint.serial()), endpoint.timeoutMillis());
            try {
                master.connect();
            } catch (IOException e) {
                // j2mod's message lists "valid ports", which never include ptys or by-id links: not chained, as
                // the operator is shown the root cause
                LOG.debug("Cannot open {}: {}", path, e.getMessage());
                throw new IOException("cannot open " + path + ": busy, not permitted or not a serial port");
            }
            // after connect, which makes the transaction: j2mod would try 5 times, each with the full timeout
            master.setRetries(1);
        } catch (Exception e) {
            if (master != null) {
                master.disconnect();
            }
            held.release();
            throw e;
        }
        hold = held;
        wire = Wire.of(endpoint.serial());
        worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("modbus-rtu " + path).daemon()
                .factory());
        return master;
    }

    @Override
    public <T> T run(AbstractModbusMaster master, int unitId, SlaveConnection.Request<T> request)
            throws ModbusException, InterruptedException {
        Future<T> answer = worker.submit(() -> request.run(master, unitId));
        try {
            return answer.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ModbusException modbus -> throw modbus;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public boolean serves(ModbusEndpoint endpoint) {
        return Wire.of(endpoint.serial()).equals(wire);
    }

    /** Open, and the driver still answers: a vanished adapter or hung-up pty does not. */
    @Override
    public boolean alive(AbstractModbusMaster master) {
        return master.isConnected() && ((ModbusSerialMaster) master).getConnection().bytesAvailable() >= 0;
    }

    @Override
    public Failure failure(AbstractModbusMaster master, Exception e, ModbusEndpoint endpoint) {
        if (e instanceof RuntimeException || !alive(master)) {
            return new Failure("the line failed (" + SlaveConnection.reason(e, endpoint) + "); was the adapter"
                    + " unplugged? The port is opened afresh on the next request", true);
        }
        if (String.valueOf(e.getMessage()).contains("CRC")) {
            return new Failure("garbled answer (CRC error); do baud rate, parity and stop bits match the slave's?",
                    false);
        }
        return new Failure("no answer within " + endpoint.timeoutMillis() + " ms", false);
    }

    @Override
    public void close(AbstractModbusMaster master) {
        try {
            master.disconnect();
        } finally {
            if (worker != null) {
                // a request still running ends at its timeout or now that the port is closed
                worker.shutdown();
                worker = null;
            }
            if (hold != null) {
                hold.release();
                hold = null;
            }
            wire = null;
        }
    }

    @Override
    public String toString() {
        return "Modbus RTU line " + path;
    }

    private SerialParameters parameters(SerialPortSettings settings) {
        SerialParameters parameters = new SerialParameters();
        parameters.setPortName(path);
        parameters.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        parameters.setEcho(false);
        parameters.setBaudRate(settings.baudRate());
        parameters.setDatabits(settings.dataBits());
        parameters.setParity(switch (settings.parity()) {
            case NONE -> AbstractSerialConnection.NO_PARITY;
            case EVEN -> AbstractSerialConnection.EVEN_PARITY;
            case ODD -> AbstractSerialConnection.ODD_PARITY;
            case MARK -> AbstractSerialConnection.MARK_PARITY;
            case SPACE -> AbstractSerialConnection.SPACE_PARITY;
        });
        parameters.setStopbits(switch (settings.stopBits()) {
            case ONE -> AbstractSerialConnection.ONE_STOP_BIT;
            case ONE_AND_HALF -> AbstractSerialConnection.ONE_POINT_FIVE_STOP_BITS;
            case TWO -> AbstractSerialConnection.TWO_STOP_BITS;
        });
        // j2mod ORs both directions into one jSerialComm flow-control mask
        switch (settings.flowControl()) {
            case NONE -> {
                parameters.setFlowControlIn(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
                parameters.setFlowControlOut(AbstractSerialConnection.FLOW_CONTROL_DISABLED);
            }
            case RTS_CTS -> {
                int rtsCts = AbstractSerialConnection.FLOW_CONTROL_RTS_ENABLED
                        | AbstractSerialConnection.FLOW_CONTROL_CTS_ENABLED;
                parameters.setFlowControlIn(rtsCts);
                parameters.setFlowControlOut(rtsCts);
            }
            case XON_XOFF -> {
                parameters.setFlowControlIn(AbstractSerialConnection.FLOW_CONTROL_XONXOFF_IN_ENABLED);
                parameters.setFlowControlOut(AbstractSerialConnection.FLOW_CONTROL_XONXOFF_OUT_ENABLED);
            }
        }
        return parameters;
    }

    /** The line settings a master was opened with (the port's name or USB identity aside). */
    private record Wire(int baudRate, int dataBits, SerialParity parity, SerialStopBits stopBits,
            SerialFlowControl flowControl) {
        static Wire of(SerialPortSettings settings) {
            return new Wire(settings.baudRate(), settings.dataBits(), settings.parity(), settings.stopBits(),
                    settings.flowControl());
        }
    }
}

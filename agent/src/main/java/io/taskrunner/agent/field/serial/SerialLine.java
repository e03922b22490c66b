package io.taskrunner.agent.field.serial;

import com.fazecast.jSerialComm.SerialPort;
import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open port, configured for its line settings. Reads return at least every 100 ms (jSerialComm's
 * semi-blocking mode; the termios timer counts in tenths of a second), so a {@link FrameReader} sees quiet time and
 * cancellation. Used by one thread at a time (the one holding the port's turn); {@link #close()} may come from any
 * thread and ends a read in progress.
 *
 * <p>Pseudo terminals: jSerialComm opens and configures them (it ignores the serial-only ioctls a pty refuses with
 * ENOTTY), but a driver may still refuse line settings; on a pty they mean nothing, so a refusal is only logged.
 */
final class SerialLine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLine.class);
    private static final int POLL_MILLIS = 100;
    private static final int EAGAIN = 11;
    private static final int EBUSY = 16;
    private static final int EACCES = 13;
    private static final int WINDOWS_ACCESS_DENIED = 5;
    private static final int MAX_EMPTY_WRITES = 50;

    private final SerialPort port;
    private final String device;
    private final boolean pseudoTerminal;
    private final InputStream input;
    private Line line;

    private SerialLine(SerialPort port, String device, boolean pseudoTerminal) {
        this.port = port;
        this.device = device;
        this.pseudoTerminal = pseudoTerminal;
        this.input = port.getInputStreamWithSuppressedTimeoutExceptions();
    }

    /**
     * Opens {@code path} (from {@link PortResolver}) with the line settings of {@code settings}.
     *
     * @param device how messages name the port
     * @throws FieldDeviceException when the port is busy, not permitted or cannot be configured
     */
    static SerialLine open(String path, String device, SerialPortSettings settings) {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(path);
        } catch (RuntimeException e) {
            throw new FieldDeviceException(device + " does not exist (" + path + ")", e);
        }
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                POLL_MILLIS, 0);
        if (!port.openPort()) {
            throw openFailure(device, path, port.getLastErrorCode());
        }
        SerialLine opened = new SerialLine(port, device, path.startsWith("/dev/pts/") || path.startsWith("/dev/ttys"));
        try {
            opened.configure(settings);
        } catch (FieldDeviceException e) {
            opened.close();
            throw e;
        }
        LOG.info("Opened {} ({}) at {}", device, path, opened.line);
        return opened;
    }

    /** Applies the line settings when they differ from the ones in force. */
    void configure(SerialPortSettings settings) {
        Line wanted = Line.of(settings);
        if (wanted.equals(line)) {
            return;
        }
        boolean applied = port.setComPortParameters(wanted.baudRate(), wanted.dataBits(), wanted.stopBits(),
                wanted.parity()) && port.setFlowControl(wanted.flowControl());
        if (!applied) {
            if (!pseudoTerminal) {
                throw new FieldDeviceException(device + ": cannot set the line to " + wanted + " (error "
                        + port.getLastErrorCode() + "); does the adapter support it?");
            }
            LOG.debug("{} is a pseudo terminal and refused line settings {}; they mean nothing there", device,
                    wanted);
        }
        line = wanted;
    }

    /** Still usable: open, and the driver still answers (a vanished device or hung-up pty does not). */
    boolean isHealthy() {
        return port.isOpen() && port.bytesAvailable() >= 0;
    }

    InputStream input() {
        return input;
    }

    void write(byte[] data) throws IOException {
        int offset = 0;
        int empty = 0;
        while (offset < data.length) {
            int n = port.writeBytes(data, data.length - offset, offset);
            if (n < 0) {
                throw new IOException("write failed (error " + port.getLastErrorCode() + ")");
            }
            if (n == 0 && ++empty > MAX_EMPTY_WRITES) {
                throw new IOException("the port accepts no data (flow control holding it?)");
            }
            offset += n;
        }
    }

    @Override
    public void close() {
        port.closePort();
    }

    private static FieldDeviceException openFailure(String device, String path, int error) {
        boolean windows = path.startsWith("COM") || path.startsWith("\\\\");
        if ((!windows && (error == EAGAIN || error == EBUSY)) || (windows && error == WINDOWS_ACCESS_DENIED)) {
            return new FieldDeviceException(device + " is busy: another program holds it open");
        }
        if (!windows && error == EACCES) {
            return new FieldDeviceException(device + ": permission denied opening " + path
                    + " (on Linux the agent's user needs the dialout group)");
        }
        return new FieldDeviceException(device + ": cannot open " + path + " (error " + error + ")");
    }

    /** The settings of the wire, in jSerialComm's terms; {@code toString} reads like {@code 9600 8N1}. */
    private record Line(int baudRate, int dataBits, int parity, int stopBits, int flowControl) {
        static Line of(SerialPortSettings settings) {
            int parity = switch (settings.parity()) {
                case NONE -> SerialPort.NO_PARITY;
                case EVEN -> SerialPort.EVEN_PARITY;
                case ODD -> SerialPort.ODD_PARITY;
                case MARK -> SerialPort.MARK_PARITY;
                case SPACE -> SerialPort.SPACE_PARITY;
            };
            int stopBits = switch (settings.stopBits()) {
                case ONE -> SerialPort.ONE_STOP_BIT;
                case ONE_AND_HALF -> SerialPort.ONE_POINT_FIVE_STOP_BITS;
                case TWO -> SerialPort.TWO_STOP_BITS;
            };
            int flow = switch (settings.flowControl()) {
                case NONE -> SerialPort.FLOW_CONTROL_DISABLED;
                case RTS_CTS -> SerialPort.FLOW_CONTROL_RTS_ENABLED | SerialPort.FLOW_CONTROL_CTS_ENABLED;
                case XON_XOFF -> SerialPort.FLOW_CONTROL_XONXOFF_IN_ENABLED
                        | SerialPort.FLOW_CONTROL_XONXOFF_OUT_ENABLED;
            };
            return new Line(settings.baudRate(), settings.dataBits(), parity, stopBits, flow);
        }

        @Override
        public String toString() {
            String stop = stopBits == SerialPort.ONE_STOP_BIT ? "1" : stopBits == SerialPort.TWO_STOP_BITS ? "2"
                    : "1.5";
            String flow = flowControl == SerialPort.FLOW_CONTROL_DISABLED ? ""
                    : (flowControl & SerialPort.FLOW_CONTROL_CTS_ENABLED) != 0 ? " rts-cts" : " xon-xoff";
            return baudRate + " " + dataBits + "NOEMS".charAt(parity) + stop + flow;
        }
    }
}

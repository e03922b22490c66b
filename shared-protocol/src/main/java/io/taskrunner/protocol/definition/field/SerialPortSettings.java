package io.taskrunner.protocol.definition.field;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.taskrunner.protocol.Check;
import io.taskrunner.protocol.ProtocolException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which serial port and how to talk on it. A port is named ({@code COM3}, {@code /dev/ttyUSB0}) or found by its USB
 * adapter's {@code usbId} ({@code VID:PID} in hex, e.g. {@code 0403:6001}) and, when several such adapters are
 * plugged in, {@code usbSerial}: the USB identity survives re-plugging into another socket, the name may not.
 * When both are given the USB identity wins and the name is the fallback.
 *
 * @param baudRate 0: 9600
 * @param dataBits 0: 8
 * @param parity   {@code null}: none
 * @param stopBits {@code null}: 1
 * @param flowControl {@code null}: none
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record SerialPortSettings(
        String port,
        String usbId,
        String usbSerial,
        int baudRate,
        int dataBits,
        SerialParity parity,
        SerialStopBits stopBits,
        SerialFlowControl flowControl) {

    private static final Pattern USB_ID = Pattern.compile("[0-9a-fA-F]{4}:[0-9a-fA-F]{4}");

    public SerialPortSettings {
        port = port == null || port.isBlank() ? null : Check.maxLength(port.strip(), 256, "port");
        if (port != null && port.chars().anyMatch(c -> c < 0x20)) {
            throw new ProtocolException("port", "must not contain control characters");
        }
        usbId = usbId == null || usbId.isBlank() ? null : usbId.strip().toLowerCase(Locale.ROOT);
        if (usbId != null && !USB_ID.matcher(usbId).matches()) {
            throw new ProtocolException("usbId", "must be VID:PID in hex, e.g. 0403:6001, was '" + usbId + "'");
        }
        usbSerial = usbSerial == null || usbSerial.isBlank() ? null : Check.maxLength(usbSerial.strip(), 128,
                "usbSerial");
        if (port == null && usbId == null) {
            throw new ProtocolException("port", "is required unless usbId names the USB adapter");
        }
        if (usbSerial != null && usbId == null) {
            throw new ProtocolException("usbSerial", "needs usbId beside it");
        }
        baudRate = baudRate == 0 ? 9600 : baudRate;
        Check.range(baudRate, 50, 4_000_000, "baudRate");
        dataBits = dataBits == 0 ? 8 : dataBits;
        Check.range(dataBits, 5, 8, "dataBits");
        parity = parity == null ? SerialParity.NONE : parity;
        stopBits = stopBits == null ? SerialStopBits.ONE : stopBits;
        flowControl = flowControl == null ? SerialFlowControl.NONE : flowControl;
    }

    /** A named port at 9600 8N1 without flow control. */
    public static SerialPortSettings named(String port) {
        return new SerialPortSettings(port, null, null, 0, 0, null, null, null);
    }

    /** How the port is named in messages and locks: the USB identity when set, else the name. */
    @JsonIgnore
    public String label() {
        if (usbId == null) {
            return port;
        }
        return "usb " + usbId + (usbSerial == null ? "" : " serial " + usbSerial)
                + (port == null ? "" : " (or " + port + ")");
    }
}

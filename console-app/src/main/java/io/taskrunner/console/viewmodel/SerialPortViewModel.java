package io.taskrunner.console.viewmodel;

import io.taskrunner.protocol.ProtocolException;
import io.taskrunner.protocol.definition.field.SerialFlowControl;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialPortSettings;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import java.util.Arrays;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The serial port the test read and the test write use, as the operator typed it: a port name or a USB adapter's
 * {@code VID:PID} (and serial number), and the line settings. Parity, stop bits and flow control hold their wire
 * names ({@code even}, {@code 1.5}, {@code rts-cts}), so the view needs no protocol types. 9600 8N1 at first.
 */
public final class SerialPortViewModel {
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final StringProperty usbId = new SimpleStringProperty(this, "usbId", "");
    private final StringProperty usbSerial = new SimpleStringProperty(this, "usbSerial", "");
    private final StringProperty baudRate = new SimpleStringProperty(this, "baudRate", "9600");
    private final StringProperty dataBits = new SimpleStringProperty(this, "dataBits", "8");
    private final StringProperty parity = new SimpleStringProperty(this, "parity", SerialParity.NONE.wire());
    private final StringProperty stopBits = new SimpleStringProperty(this, "stopBits", SerialStopBits.ONE.wire());
    private final StringProperty flowControl = new SimpleStringProperty(this, "flowControl",
            SerialFlowControl.NONE.wire());

    /**
     * The port as checked settings.
     *
     * @throws ProtocolException naming the field, e.g. {@code serial.usbId: must be VID:PID in hex, ...}
     */
    SerialPortSettings settings() {
        try {
            return new SerialPortSettings(port.get(), usbId.get(), usbSerial.get(),
                    FormNumbers.whole(baudRate.get(), "baudRate"), FormNumbers.whole(dataBits.get(), "dataBits"),
                    choice(parity.get(), "parity", SerialParity.values(), SerialParity::wire),
                    choice(stopBits.get(), "stopBits", SerialStopBits.values(), SerialStopBits::wire),
                    choice(flowControl.get(), "flowControl", SerialFlowControl.values(), SerialFlowControl::wire));
        } catch (ProtocolException e) {
            throw e.within("serial");
        }
    }

    private static <T> T choice(String wire, String field, T[] values, Function<T, String> wireOf) {
        String value = FormNumbers.trimmed(wire);
        if (value == null) {
            return null;
        }
        return Arrays.stream(values).filter(candidate -> wireOf.apply(candidate).equals(value)).findFirst()
                .orElseThrow(() -> new ProtocolException(field, "unknown value '" + value + "'"));
    }

    /** Everything a form check depends on. */
    Observable[] observables() {
        return new Observable[] {port, usbId, usbSerial, baudRate, dataBits, parity, stopBits, flowControl};
    }

    /** {@code COM3}, {@code /dev/ttyUSB0}; may stay blank when the USB identity is given. */
    public StringProperty portProperty() {
        return port;
    }

    /** The USB adapter as {@code VID:PID} in hex, e.g. {@code 0403:6001}; blank for a named port. */
    public StringProperty usbIdProperty() {
        return usbId;
    }

    /** The adapter's serial number, when several of the same kind are plugged in. */
    public StringProperty usbSerialProperty() {
        return usbSerial;
    }

    /** Bits per second; the view offers the common rates and takes any other typed in. */
    public StringProperty baudRateProperty() {
        return baudRate;
    }

    /** 5 to 8. */
    public StringProperty dataBitsProperty() {
        return dataBits;
    }

    /** {@code none}, {@code even}, {@code odd}, {@code mark} or {@code space}. */
    public StringProperty parityProperty() {
        return parity;
    }

    /** {@code 1}, {@code 1.5} or {@code 2}. */
    public StringProperty stopBitsProperty() {
        return stopBits;
    }

    /** {@code none}, {@code rts-cts} or {@code xon-xoff}. */
    public StringProperty flowControlProperty() {
        return flowControl;
    }
}

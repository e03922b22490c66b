package io.taskrunner.console.viewmodel;

import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.SerialFlowControl;
import io.taskrunner.protocol.definition.field.SerialParity;
import io.taskrunner.protocol.definition.field.SerialStopBits;
import java.util.Arrays;
import java.util.List;

/**
 * What the Field devices combo boxes offer, as wire names, and how each is shown: Modbus tables, byte orders and
 * parities in the operator's language, data types, stop bits and handshakes as the technical names device manuals
 * print ({@code float32}, {@code 1.5}, {@code RTS/CTS}).
 */
public final class FieldChoices {
    private static final List<String> FUNCTIONS = Arrays.stream(ModbusFunction.values()).map(ModbusFunction::wire)
            .toList();
    private static final List<String> DATA_TYPES = Arrays.stream(ModbusDataType.values()).map(ModbusDataType::wire)
            .toList();
    private static final List<String> ORDERS = Arrays.stream(Endianness.values()).map(Endianness::wire).toList();
    private static final List<String> WRITE_FUNCTIONS = Arrays.stream(ModbusFunction.values())
            .filter(ModbusFunction::writable).map(ModbusFunction::wire).toList();
    private static final List<String> BAUD_RATES = List.of("1200", "2400", "4800", "9600", "19200", "38400", "57600",
            "115200");
    private static final List<String> DATA_BITS = List.of("5", "6", "7", "8");
    private static final List<String> PARITIES = Arrays.stream(SerialParity.values()).map(SerialParity::wire)
            .toList();
    private static final List<String> STOP_BITS = Arrays.stream(SerialStopBits.values()).map(SerialStopBits::wire)
            .toList();
    private static final List<String> FLOW_CONTROLS = Arrays.stream(SerialFlowControl.values())
            .map(SerialFlowControl::wire).toList();

    private FieldChoices() {
    }

    public static List<String> functions() {
        return FUNCTIONS;
    }

    public static List<String> dataTypes() {
        return DATA_TYPES;
    }

    /** {@code big} and {@code little}. */
    public static List<String> orders() {
        return ORDERS;
    }

    /** The tables a Modbus write can reach: coils and holding registers. */
    public static List<String> writeFunctions() {
        return WRITE_FUNCTIONS;
    }

    /** The common baud rates; the combo box takes others typed in. */
    public static List<String> baudRates() {
        return BAUD_RATES;
    }

    public static List<String> dataBits() {
        return DATA_BITS;
    }

    public static List<String> parities() {
        return PARITIES;
    }

    /** {@code 1}, {@code 1.5} and {@code 2}. */
    public static List<String> stopBits() {
        return STOP_BITS;
    }

    public static List<String> flowControls() {
        return FLOW_CONTROLS;
    }

    /** A parity in the current language; an unknown wire name as it is. */
    public static String parityLabel(String wire, Messages messages) {
        if (wire == null) {
            return "";
        }
        return switch (wire) {
            case "none" -> messages.get("field.parity.none");
            case "even" -> messages.get("field.parity.even");
            case "odd" -> messages.get("field.parity.odd");
            case "mark" -> messages.get("field.parity.mark");
            case "space" -> messages.get("field.parity.space");
            default -> wire;
        };
    }

    /** A flow control: none in the current language, the handshakes by the names printed on devices. */
    public static String flowControlLabel(String wire, Messages messages) {
        if (wire == null) {
            return "";
        }
        return switch (wire) {
            case "none" -> messages.get("field.flowControl.none");
            case "rts-cts" -> "RTS/CTS";
            case "xon-xoff" -> "XON/XOFF";
            default -> wire;
        };
    }

    /** A Modbus table's name in the current language; an unknown wire name as it is. */
    public static String functionLabel(String wire, Messages messages) {
        if (wire == null) {
            return "";
        }
        return switch (wire) {
            case "coils" -> messages.get("field.function.coils");
            case "discrete-inputs" -> messages.get("field.function.discreteInputs");
            case "holding-registers" -> messages.get("field.function.holdingRegisters");
            case "input-registers" -> messages.get("field.function.inputRegisters");
            default -> wire;
        };
    }

    /** A byte or word order in the current language. */
    public static String orderLabel(String wire, Messages messages) {
        if (wire == null) {
            return "";
        }
        return switch (wire) {
            case "big" -> messages.get("field.order.big");
            case "little" -> messages.get("field.order.little");
            default -> wire;
        };
    }
}

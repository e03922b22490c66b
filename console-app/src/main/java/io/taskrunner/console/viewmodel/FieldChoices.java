package io.taskrunner.console.viewmodel;

import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import java.util.Arrays;
import java.util.List;

/**
 * What the register map's combo boxes offer, as wire names, and how each is shown: Modbus tables and byte orders
 * in the operator's language, data types as the technical names PLC manuals print ({@code float32}).
 */
public final class FieldChoices {
    private static final List<String> FUNCTIONS = Arrays.stream(ModbusFunction.values()).map(ModbusFunction::wire)
            .toList();
    private static final List<String> DATA_TYPES = Arrays.stream(ModbusDataType.values()).map(ModbusDataType::wire)
            .toList();
    private static final List<String> ORDERS = Arrays.stream(Endianness.values()).map(Endianness::wire).toList();

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

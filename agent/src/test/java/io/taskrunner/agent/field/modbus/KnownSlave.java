package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusEndpoint;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contents both test slaves serve (see {@code modbus/pymodbus_server.py}) and the checks every slave must pass.
 * The register values were packed by Python's {@code struct}, not by the codec under test.
 */
final class KnownSlave {
    static final ModbusFunction HOLDING = ModbusFunction.HOLDING_REGISTERS;
    static final ModbusFunction INPUT = ModbusFunction.INPUT_REGISTERS;
    /** Registers 0-299; register 1 is 54321 in the holding and 11111 in the input registers. */
    static final int REGISTER_COUNT = 300;
    static final int BIT_COUNT = 100;
    private static final int[] FIRST_REGISTERS = {64302, 54321, 63652, 13035, 45776, 24064, 16812, 0, 49299, 19013,
        27996, 64173, 0, 16812, 13330, 16706, 17220, 17734, 18176, 215, 13035, 63652, 44538, 23661, 17738, 37824};

    private KnownSlave() {
    }

    static int[] registers(ModbusFunction function) {
        int[] registers = new int[REGISTER_COUNT];
        System.arraycopy(FIRST_REGISTERS, 0, registers, 0, FIRST_REGISTERS.length);
        registers[1] = function == HOLDING ? 54321 : 11111;
        registers[200] = 0x0001;
        registers[201] = 0xE240;
        return registers;
    }

    static boolean coil(int address) {
        return address % 3 == 0;
    }

    static boolean discreteInput(int address) {
        return address % 2 == 1;
    }

    /** Every data type and order, as points of {@code function} named with {@code prefix}. */
    static List<ModbusPoint> everyType(ModbusFunction function, String prefix) {
        return List.of(
                point(prefix + "int16", function, 0, ModbusDataType.INT16, null, null),
                point(prefix + "uint16", function, 1, ModbusDataType.UINT16, null, null),
                point(prefix + "int32", function, 2, ModbusDataType.INT32, null, null),
                point(prefix + "uint32", function, 4, ModbusDataType.UINT32, null, null),
                point(prefix + "float32", function, 6, ModbusDataType.FLOAT32, null, null),
                point(prefix + "float64", function, 8, ModbusDataType.FLOAT64, null, null),
                point(prefix + "float32_lw", function, 12, ModbusDataType.FLOAT32, null, Endianness.LITTLE),
                point(prefix + "uint16_lb", function, 14, ModbusDataType.UINT16, Endianness.LITTLE, null),
                new ModbusPoint(prefix + "name", function, 15, ModbusDataType.STRING, 0, 7, null, null, null, null,
                        null),
                new ModbusPoint(prefix + "temperature", function, 19, ModbusDataType.UINT16, 0, 0, null, null, 0.1,
                        null, "°C"),
                point(prefix + "int32_lw", function, 20, ModbusDataType.INT32, null, Endianness.LITTLE),
                point(prefix + "float64_le", function, 22, ModbusDataType.FLOAT64, Endianness.LITTLE,
                        Endianness.LITTLE),
                new ModbusPoint(prefix + "pair", function, 0, ModbusDataType.INT16, 2, 0, null, null, null, null,
                        null),
                point(prefix + "far", function, 200, ModbusDataType.UINT32, null, null));
    }

    static Map<String, Object> everyTypeValues(ModbusFunction function, String prefix) {
        long second = function == HOLDING ? 54321L : 11111L;
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(prefix + "int16", -1234L);
        values.put(prefix + "uint16", second);
        values.put(prefix + "int32", -123456789L);
        values.put(prefix + "uint32", 3_000_000_000L);
        values.put(prefix + "float32", 21.5);
        values.put(prefix + "float64", -1234.5678);
        values.put(prefix + "float32_lw", 21.5);
        values.put(prefix + "uint16_lb", 0x1234L);
        values.put(prefix + "name", "ABCDEFG");
        values.put(prefix + "temperature", 21.5);
        values.put(prefix + "int32_lw", -123456789L);
        values.put(prefix + "float64_le", -1234.5678);
        values.put(prefix + "pair", List.of(-1234L, function == HOLDING ? 54321L - 65536 : 11111L));
        values.put(prefix + "far", 123456L);
        return values;
    }

    /** Reads every type from both register tables and both bit tables in one call. */
    static void readsEveryFunctionAndType(ModbusSlaves slaves, ModbusEndpoint endpoint) {
        List<ModbusPoint> points = new ArrayList<>(everyType(HOLDING, "h_"));
        points.addAll(everyType(INPUT, "i_"));
        points.add(new ModbusPoint("coils", ModbusFunction.COILS, 0, null, 7, 0, null, null, null, null, null));
        points.add(ModbusPoint.of("coil9", ModbusFunction.COILS, 9, null));
        points.add(new ModbusPoint("inputs", ModbusFunction.DISCRETE_INPUTS, 95, null, 5, 0, null, null, null, null,
                null));
        Map<String, Object> expected = new LinkedHashMap<>(everyTypeValues(HOLDING, "h_"));
        expected.putAll(everyTypeValues(INPUT, "i_"));
        expected.put("coils", List.of(true, false, false, true, false, false, true));
        expected.put("coil9", true);
        expected.put("inputs", List.of(true, false, true, false, true));

        Map<String, Object> values = slaves.read(endpoint, points);

        assertThat(values).containsExactlyEntriesOf(expected);
    }

    /** Writes holding registers and coils of several types and reads them back. */
    static void writesAndReadsBack(ModbusSlaves slaves, ModbusEndpoint endpoint) {
        ModbusPoint floats = new ModbusPoint("floats", HOLDING, 100, ModbusDataType.FLOAT32, 2, 0, null,
                Endianness.LITTLE, null, null, null);
        ModbusPoint single = point("single", HOLDING, 110, ModbusDataType.INT16, null, null);
        ModbusPoint tenths = new ModbusPoint("tenths", HOLDING, 111, ModbusDataType.UINT16, 0, 0, null, null, 0.1,
                null, null);
        ModbusPoint text = new ModbusPoint("text", HOLDING, 112, ModbusDataType.STRING, 0, 5, Endianness.LITTLE, null,
                null, null, null);
        ModbusPoint coils = new ModbusPoint("coils", ModbusFunction.COILS, 50, null, 4, 0, null, null, null, null,
                null);
        ModbusPoint coil = ModbusPoint.of("coil", ModbusFunction.COILS, 60, null);

        slaves.write(endpoint, floats, List.of(-3.75, 1e10));
        slaves.write(endpoint, single, List.of(-2L));
        slaves.write(endpoint, tenths, List.of(42.3));
        slaves.write(endpoint, text, List.of("Hi 7"));
        slaves.write(endpoint, coils, List.of(true, true, false, true));
        slaves.write(endpoint, coil, List.of(true));

        assertThat(slaves.read(endpoint, List.of(floats, single, tenths, text, coils, coil))).containsExactly(
                Map.entry("floats", List.of(-3.75, 1e10)), Map.entry("single", -2L), Map.entry("tenths", 42.3),
                Map.entry("text", "Hi 7"), Map.entry("coils", List.of(true, true, false, true)),
                Map.entry("coil", true));
        assertThat(slaves.read(endpoint, List.of(point("raw", HOLDING, 111, ModbusDataType.UINT16, null, null))))
                .as("written as the raw value 423").containsEntry("raw", 423L);
    }

    /** An address the slave lacks gives a Modbus exception naming the request; the connection stays usable. */
    static void failsWithModbusExceptionForAnIllegalAddress(ModbusSlaves slaves, ModbusEndpoint endpoint) {
        ModbusPoint beyond = point("beyond", HOLDING, REGISTER_COUNT - 1, ModbusDataType.UINT32, null, null);

        assertThatThrownBy(() -> slaves.read(endpoint, List.of(beyond))).isInstanceOf(FieldDeviceException.class)
                .hasMessage("Modbus " + endpoint.label() + ": holding-registers 299-300 (beyond): the slave answered"
                        + " with exception 2 (illegal data address: the slave has no such address)");
        assertThat(slaves.read(endpoint, List.of(ModbusPoint.of("ok", HOLDING, 0, ModbusDataType.INT16))))
                .containsEntry("ok", -1234L);
    }

    static ModbusPoint point(String name, ModbusFunction function, int address, ModbusDataType type,
            Endianness bytes, Endianness words) {
        return new ModbusPoint(name, function, address, type, 0, 0, bytes, words, null, null, null);
    }
}

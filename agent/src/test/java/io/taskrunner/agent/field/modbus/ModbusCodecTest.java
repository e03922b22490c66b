package io.taskrunner.agent.field.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.field.FieldDeviceException;
import io.taskrunner.protocol.definition.field.Endianness;
import io.taskrunner.protocol.definition.field.ModbusDataType;
import io.taskrunner.protocol.definition.field.ModbusFunction;
import io.taskrunner.protocol.definition.field.ModbusPoint;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Register contents were computed independently with Python's {@code struct} (big-endian, high word first). */
class ModbusCodecTest {
    private static final ModbusFunction HOLDING = ModbusFunction.HOLDING_REGISTERS;

    @Test
    void decode_everyTypeInBigEndianOrder() {
        assertThat(decode(ModbusDataType.INT16, 0xFB2E)).isEqualTo(-1234L);
        assertThat(decode(ModbusDataType.UINT16, 0xFB2E)).isEqualTo(64302L);
        assertThat(decode(ModbusDataType.INT32, 0xF8A4, 0x32EB)).isEqualTo(-123456789L);
        assertThat(decode(ModbusDataType.UINT32, 0xB2D0, 0x5E00)).isEqualTo(3_000_000_000L);
        assertThat(decode(ModbusDataType.FLOAT32, 0x41AC, 0x0000)).isEqualTo(21.5);
        assertThat(decode(ModbusDataType.FLOAT32, 0x3DCC, 0xCCCD)).as("float through its text").isEqualTo(0.1);
        assertThat(decode(ModbusDataType.FLOAT64, 0xC093, 0x4A45, 0x6D5C, 0xFAAD)).isEqualTo(-1234.5678);
        assertThat(decode(ModbusDataType.BOOL, 0)).isEqualTo(false);
        assertThat(decode(ModbusDataType.BOOL, 0x0100)).as("a register is true when not 0").isEqualTo(true);
    }

    @Test
    void decode_littleWordOrder_takesTheLowWordFirst() {
        assertThat(decode(point(ModbusDataType.INT32, null, Endianness.LITTLE), 0x32EB, 0xF8A4))
                .isEqualTo(-123456789L);
        assertThat(decode(point(ModbusDataType.FLOAT32, null, Endianness.LITTLE), 0x0000, 0x41AC)).isEqualTo(21.5);
        assertThat(decode(point(ModbusDataType.FLOAT64, null, Endianness.LITTLE), 0xFAAD, 0x6D5C, 0x4A45, 0xC093))
                .isEqualTo(-1234.5678);
    }

    @Test
    void decode_littleByteOrder_swapsTheBytesOfEachRegister() {
        assertThat(decode(point(ModbusDataType.UINT16, Endianness.LITTLE, null), 0x3412)).isEqualTo(0x1234L);
        assertThat(decode(point(ModbusDataType.INT16, Endianness.LITTLE, null), 0x2EFB)).isEqualTo(-1234L);
        assertThat(decode(point(ModbusDataType.UINT32, Endianness.LITTLE, null), 0xD0B2, 0x005E))
                .isEqualTo(3_000_000_000L);
        assertThat(decode(point(ModbusDataType.FLOAT32, Endianness.LITTLE, Endianness.LITTLE), 0x0000, 0xAC41))
                .as("both swapped: fully little-endian").isEqualTo(21.5);
    }

    @Test
    void decode_withScaleOrOffset_givesDecimalDoubles() {
        ModbusPoint tenths = scaled(ModbusDataType.UINT16, 0.1, null);
        assertThat(decode(tenths, 215)).isEqualTo(21.5);
        assertThat(decode(scaled(ModbusDataType.INT16, 0.01, -40.0), 0xFFFF)).isEqualTo(-40.01);
        assertThat(decode(scaled(ModbusDataType.UINT16, null, 100.0), 5)).isEqualTo(105.0).isInstanceOf(Double.class);
        assertThat(decode(scaled(ModbusDataType.FLOAT32, 2.0, 1.0), 0x41AC, 0x0000)).isEqualTo(44.0);
    }

    @Test
    void decode_stringOf8BitCharacters_dropsTrailingNulsAndSpaces() {
        ModbusPoint name = string(7, null);
        assertThat(decode(name, 'A' << 8 | 'B', 'C' << 8 | 'D', 'E' << 8 | 'F', 'G' << 8)).isEqualTo("ABCDEFG");
        assertThat(decode(string(6, null), 'O' << 8 | 'K', ' ' << 8 | ' ', 0)).isEqualTo("OK");
        assertThat(decode(string(4, Endianness.LITTLE), 'B' << 8 | 'A', 'D' << 8 | 0xE9)).isEqualTo("ABéD");
    }

    @Test
    void decode_countAboveOne_givesAList() {
        ModbusPoint three = new ModbusPoint("p", HOLDING, 0, ModbusDataType.INT16, 3, 0, null, null, null, null, null);
        assertThat(ModbusCodec.decode(three, new int[] {1, 0xFFFF, 7})).isEqualTo(List.of(1L, -1L, 7L));
        ModbusPoint floats = new ModbusPoint("p", HOLDING, 0, ModbusDataType.FLOAT32, 2, 0, null, null, null, null,
                null);
        assertThat(ModbusCodec.decode(floats, new int[] {0x41AC, 0, 0x3DCC, 0xCCCD})).isEqualTo(List.of(21.5, 0.1));
        ModbusPoint coils = new ModbusPoint("c", ModbusFunction.COILS, 0, null, 3, 0, null, null, null, null, null);
        assertThat(ModbusCodec.decode(coils, new int[] {1, 0, 1})).isEqualTo(List.of(true, false, true));
    }

    @Test
    void encode_isTheInverseOfDecode_forEveryTypeAndOrder() {
        int[][] cases = {{0xFB2E}, {0xF8A4, 0x32EB}, {0xB2D0, 0x5E00}, {0x41AC, 0}, {0xC093, 0x4A45, 0x6D5C, 0xFAAD}};
        ModbusDataType[] types = {ModbusDataType.INT16, ModbusDataType.INT32, ModbusDataType.UINT32,
            ModbusDataType.FLOAT32, ModbusDataType.FLOAT64};
        for (Endianness bytes : Endianness.values()) {
            for (Endianness words : Endianness.values()) {
                for (int i = 0; i < types.length; i++) {
                    ModbusPoint point = point(types[i], bytes, words);
                    Object value = ModbusCodec.decode(point, cases[i]);
                    assertThat(ModbusCodec.encode(point, List.of(value))).as("%s %s %s", types[i], bytes, words)
                            .containsExactly(cases[i]);
                }
            }
        }
    }

    @Test
    void encode_writesBigEndianRegistersAsPythonStructDoes() {
        assertThat(encode(ModbusDataType.INT32, -123456789L)).containsExactly(0xF8A4, 0x32EB);
        assertThat(encode(ModbusDataType.FLOAT32, 21.5)).containsExactly(0x41AC, 0);
        assertThat(encode(ModbusDataType.FLOAT64, -1234.5678)).containsExactly(0xC093, 0x4A45, 0x6D5C, 0xFAAD);
        assertThat(encode(ModbusDataType.UINT16, 65535L)).containsExactly(0xFFFF);
        assertThat(encode(ModbusDataType.BOOL, true)).containsExactly(1);
    }

    @Test
    void encode_withScaleAndOffset_writesTheRoundedRawValue() {
        assertThat(ModbusCodec.encode(scaled(ModbusDataType.UINT16, 0.1, null), List.of(21.5))).containsExactly(215);
        assertThat(ModbusCodec.encode(scaled(ModbusDataType.INT16, 0.1, -40.0), List.of(-40.06)))
                .as("(-40.06 + 40) / 0.1 = -0.6, rounded to -1").containsExactly(0xFFFF);
        assertThat(ModbusCodec.encode(scaled(ModbusDataType.UINT16, 0.5, null), List.of(10.25)))
                .as("20.5 rounds half away from zero").containsExactly(21);
    }

    @Test
    void encode_listAndStringAndCoils() {
        ModbusPoint two = new ModbusPoint("p", HOLDING, 0, ModbusDataType.UINT32, 2, 0, null, Endianness.LITTLE, null,
                null, null);
        assertThat(ModbusCodec.encode(two, List.of(1L, 0x10002L))).containsExactly(1, 0, 2, 1);
        assertThat(ModbusCodec.encode(string(5, null), List.of("AB"))).containsExactly('A' << 8 | 'B', 0, 0);
        assertThat(ModbusCodec.encode(string(3, Endianness.LITTLE), List.of("XYZ")))
                .containsExactly('Y' << 8 | 'X', 'Z');
        ModbusPoint coils = new ModbusPoint("c", ModbusFunction.COILS, 0, null, 3, 0, null, null, null, null, null);
        assertThat(ModbusCodec.encode(coils, List.of(true, false, 1L))).containsExactly(1, 0, 1);
    }

    @Test
    void encode_refusesValuesOutOfRange_namingTheValueAndTheRange() {
        assertThatThrownBy(() -> encode(ModbusDataType.UINT16, 70000L)).isInstanceOf(FieldDeviceException.class)
                .hasMessage("value 70000 does not fit uint16 (0..65535)");
        assertThatThrownBy(() -> encode(ModbusDataType.UINT16, -1L))
                .hasMessage("value -1 does not fit uint16 (0..65535)");
        assertThatThrownBy(() -> encode(ModbusDataType.INT16, 32768L))
                .hasMessage("value 32768 does not fit int16 (-32768..32767)");
        assertThatThrownBy(() -> encode(ModbusDataType.INT32, 3_000_000_000L))
                .hasMessageContaining("does not fit int32 (-2147483648..2147483647)");
        assertThatThrownBy(() -> encode(ModbusDataType.UINT32, 4_294_967_296L))
                .hasMessageContaining("does not fit uint32 (0..4294967295)");
        assertThatThrownBy(() -> encode(ModbusDataType.FLOAT32, 1e39)).hasMessageContaining("does not fit float32");
        assertThatThrownBy(() -> ModbusCodec.encode(scaled(ModbusDataType.UINT16, 0.1, null), List.of(7000.0)))
                .hasMessage("value 7000.0 (raw 70000 after scale 0.1 and offset 0.0) does not fit uint16 (0..65535)");
    }

    @Test
    void encode_refusesValuesOfTheWrongType() {
        assertThatThrownBy(() -> encode(ModbusDataType.UINT16, true)).isInstanceOf(FieldDeviceException.class)
                .hasMessageContaining("value true is not a number");
        assertThatThrownBy(() -> encode(ModbusDataType.BOOL, 2L)).hasMessageContaining("value 2 is not a bool");
        assertThatThrownBy(() -> encode(ModbusDataType.FLOAT64, Double.NaN))
                .hasMessageContaining("not a finite number");
        assertThatThrownBy(() -> ModbusCodec.encode(string(4, null), List.of(12L)))
                .hasMessageContaining("is not a string");
        assertThatThrownBy(() -> ModbusCodec.encode(string(2, null), List.of("ABC")))
                .hasMessageContaining("holds at most 2");
        assertThatThrownBy(() -> ModbusCodec.encode(string(4, null), List.of("温度")))
                .hasMessageContaining("Latin-1");
    }

    @Test
    void parse_readsTextAsTheTypedValue() {
        ModbusPoint flag = point(ModbusDataType.BOOL, null, null);
        for (String yes : List.of("true", "1", "on", " ON ", "True")) {
            assertThat(ModbusCodec.parse(yes, flag)).as(yes).isEqualTo(true);
        }
        for (String no : List.of("false", "0", "off")) {
            assertThat(ModbusCodec.parse(no, flag)).as(no).isEqualTo(false);
        }
        ModbusPoint number = point(ModbusDataType.INT32, null, null);
        assertThat(ModbusCodec.parse("-42", number)).isEqualTo(-42L);
        assertThat(ModbusCodec.parse("0x1F", number)).isEqualTo(31L);
        assertThat(ModbusCodec.parse("21.5", number)).isEqualTo(21.5);
        assertThat(ModbusCodec.parse("1e3", number)).isEqualTo(1000L);
        assertThat(ModbusCodec.parse(" text with spaces ", string(20, null))).isEqualTo(" text with spaces ");
    }

    @Test
    void parse_refusesTextThatIsNoValue() {
        assertThatThrownBy(() -> ModbusCodec.parse("yes", point(ModbusDataType.BOOL, null, null)))
                .isInstanceOf(FieldDeviceException.class).hasMessageContaining("'yes' is not a bool");
        assertThatThrownBy(() -> ModbusCodec.parse("12a", point(ModbusDataType.UINT16, null, null)))
                .hasMessageContaining("'12a' is not a number");
    }

    @ParameterizedTest
    @EnumSource(value = ModbusDataType.class, names = "STRING", mode = EnumSource.Mode.EXCLUDE)
    void parseThenEncodeThenDecode_roundTripsEveryType(ModbusDataType type) {
        String text = switch (type) {
            case BOOL -> "on";
            case INT16, INT32 -> "-1234";
            case UINT16, UINT32 -> "1234";
            default -> "-12.25";
        };
        ModbusPoint point = point(type, Endianness.LITTLE, Endianness.LITTLE);
        Object value = ModbusCodec.parse(text, point);

        assertThat(ModbusCodec.decode(point, ModbusCodec.encode(point, List.of(value)))).isEqualTo(value);
    }

    @Test
    void parseThenEncodeThenDecode_roundTripsScaledValuesAndStrings() {
        ModbusPoint tenths = scaled(ModbusDataType.INT16, 0.1, null);
        Object value = ModbusCodec.parse("-21.5", tenths);
        assertThat(ModbusCodec.decode(tenths, ModbusCodec.encode(tenths, List.of(value)))).isEqualTo(-21.5);
        ModbusPoint text = string(9, Endianness.LITTLE);
        assertThat(ModbusCodec.decode(text, ModbusCodec.encode(text, List.of("Line 7")))).isEqualTo("Line 7");
    }

    private static Object decode(ModbusDataType type, int... raw) {
        return decode(point(type, null, null), raw);
    }

    private static Object decode(ModbusPoint point, int... raw) {
        return ModbusCodec.decode(point, raw);
    }

    private static int[] encode(ModbusDataType type, Object value) {
        return ModbusCodec.encode(point(type, null, null), List.of(value));
    }

    private static ModbusPoint point(ModbusDataType type, Endianness bytes, Endianness words) {
        return new ModbusPoint("p", HOLDING, 0, type, 0, 0, bytes, words, null, null, null);
    }

    private static ModbusPoint scaled(ModbusDataType type, Double scale, Double offset) {
        return new ModbusPoint("p", HOLDING, 0, type, 0, 0, null, null, scale, offset, null);
    }

    private static ModbusPoint string(int length, Endianness bytes) {
        return new ModbusPoint("s", HOLDING, 0, ModbusDataType.STRING, 0, length, bytes, null, null, null, null);
    }
}
